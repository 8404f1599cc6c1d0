/** What `agents.detect` found for one built-in profile on this machine. */
export interface AgentDetection {
  id: string;
  /** The command that would run: the user's settings `command`, else the profile's. */
  command: string;
  /** Whether that command is an executable on PATH (or at its path). */
  available: boolean;
  /** The executable found, when available. */
  path?: string;
  /** The semver its `--version` printed, when it printed one. */
  version?: string;
  /** The CLI version Wavelane's adapter was tested with, when it has an adapter. */
  testedVersion?: string;
  /** "claude 2.0.1 is older than 2.1.332, the version Wavelane was tested with", or why no version was read. */
  warning?: string;
}
