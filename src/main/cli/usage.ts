/** The help text: every command that exists, and nothing that does not. */
export const USAGE = `Usage: wavelane <command> [options]

Run many AI coding agents in parallel on one git repository.

Commands:
  plan --plan FILE [--repo DIR] [--json]
                                  Validate a plan (Wavelane JSON or Auto-Claude's implementation_plan.json)
                                  and print its waves, the locks each task takes, the lock conflicts that
                                  push tasks to later waves, and the critical path. Exit 0 valid, 2 invalid.
  serve [--repo DIR] [--port N]   Serve the Wavelane board to a browser on 127.0.0.1.
                                  Prints the URL (with its access token) to open.
                                  --repo   repository to open (default: the current folder, if it is one)
                                  --port   port to listen on (default 4785; 0 picks a free one)

Options:
  -h, --help       Show this help
  -v, --version    Show the version
`;

