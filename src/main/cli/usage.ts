/** The help text: every command that exists, and nothing that does not. */
export const USAGE = `Usage: wavelane <command> [options]

Run many AI coding agents in parallel on one git repository.

Commands:
  plan --plan FILE [--repo DIR] [--json]
                                  Validate a plan (Wavelane JSON or Auto-Claude's implementation_plan.json)
                                  and print its waves, the locks each task takes, the lock conflicts that
                                  push tasks to later waves, and the critical path. Exit 0 valid, 2 invalid.
  run --plan FILE [--repo DIR] [--max-parallel N] [--target BRANCH] [--strategy eager|waves]
      [--verify CMD] [--retries N] [--agent ID] [--strict-files] [--keep-branches]
      [--worktree-root DIR] [--no-resource-guard] [--budget-usd N] [--budget-tokens N]
      [--max-per-agent PROFILE=N ...] [--json]
                                  Run the plan's tasks in parallel, each in its own worktree, and land
                                  them on the target branch through the merge queue. Running the same
                                  command again resumes the last run of that plan (merged tasks are
                                  not run again). Flags give defaults; a task's own agent or retries win.
                                  --budget-usd/--budget-tokens: no new task starts once the run has
                                  spent this much. --max-per-agent claude-code=2: at most 2 agents of
                                  that profile at once (repeat per profile; over agents.json's maxParallel).
                                  Exit 0 all merged or empty, 1 a task did not land, 2 bad input or a
                                  failed start check (nothing created), 130 cancelled (Ctrl-C).
  status [--repo DIR] [--json]    The current or last run, per task (the same task objects as run --json).
  clean [--repo DIR] [--force]    Remove what finished runs left: worktrees, wavelane/* branches, old run
                                  state. Work the target does not have is kept unless --force.
  serve [--repo DIR] [--port N] [--worktree-root DIR]
                                  Serve the Wavelane board to a browser on 127.0.0.1.
                                  Prints the URL (with its access token) to open.
                                  --repo   repository to open (default: the current folder, if it is one)
                                  --port   port to listen on (default 4785; 0 picks a free one)
                                  --worktree-root  where task worktrees go (default: the user data folder)

Options:
  -h, --help       Show this help
  -v, --version    Show the version
`;

