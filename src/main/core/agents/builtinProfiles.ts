import type { AgentProfile } from '../../../shared/plan/plan';

/**
 * The profiles every plan can name without declaring them. Each runs its CLI's documented
 * non-interactive mode in the task's worktree; the prompt always travels as ONE argv entry or as a
 * file, never through a shell string. Options always end with `--` before the prompt (or the prompt is
 * glued to its option, `--prompt=...`): a prompt starting with `-` (a Markdown list, say) must never be
 * read as an option (issue 13, finding 5; checked against the real CLIs by `npm run test:agents`). A plan that declares a profile with one of these ids replaces it
 * (see profileRegistry.ts), which is how a team opts into looser or stricter permissions.
 *
 * Permission policy: the worktree is the sandbox Wavelane gives an agent (its own checkout, its own
 * branch, merged only after verification), so each profile lets the agent edit files there without
 * asking. Where a CLI separates "edit files" from "run any command", we pick the edits-only mode unless
 * the CLI itself sandboxes commands to the workspace, because a command can reach outside the worktree.
 */

export const SHELL_PROFILE_ID = 'shell';

/**
 * Runs the task's prompt as a bash script: for scripted tasks (codegen, migrations) and for tests.
 * The script is passed as a file so it never meets a shell-quoting layer.
 */
const shell: AgentProfile = { id: SHELL_PROFILE_ID, command: 'bash', args: ['{promptFile}'] };

/**
 * Claude Code, headless: `-p/--print` runs one prompt non-interactively and exits.
 * Source: https://code.claude.com/docs/en/headless and https://code.claude.com/docs/en/permission-modes
 * `--permission-mode acceptEdits` auto-approves file edits in the working directory (the worktree) and a
 * few filesystem commands; other commands are not auto-approved (in print mode they are refused, not
 * waited on). `--dangerously-skip-permissions` (bypassPermissions) would approve every command anywhere on
 * the machine, and refuses to run as root; a plan can opt into it by overriding this profile.
 */
const claudeCode: AgentProfile = {
  id: 'claude-code',
  command: 'claude',
  args: ['-p', '--permission-mode', 'acceptEdits', '--', '{prompt}'],
};

/**
 * OpenAI Codex CLI: `codex exec` is its non-interactive mode (prompt as one positional argument).
 * Source: https://developers.openai.com/codex/noninteractive and
 * https://developers.openai.com/codex/concepts/sandboxing. `exec` is read-only by default;
 * `--sandbox workspace-write` lets the agent edit files and run commands while the OS sandbox confines
 * writes to the workspace (the worktree), exactly the boundary we want. The docs now mark the older
 * `--full-auto` alias as deprecated (it prints a warning; some builds dropped it), so we spell it out.
 */
const codex: AgentProfile = { id: 'codex', command: 'codex', args: ['exec', '--sandbox', 'workspace-write', '--', '{prompt}'] };

/**
 * Gemini CLI, headless: `-p/--prompt` forces non-interactive mode.
 * Source: https://geminicli.com/docs/cli/headless and https://geminicli.com/docs/core/concepts (approval
 * modes). `--approval-mode auto_edit` applies file edits without asking while shell commands still need
 * approval (refused in headless mode); `yolo` would run every command unsandboxed, so it is left to a
 * plan override. (`--yolo` is the deprecated spelling of `--approval-mode yolo`.)
 * `--skip-trust`: each worktree is a new folder Gemini has not been told to trust, and it exits 55 in
 * an untrusted one. The prompt is glued to its option (`--prompt=...`) so it can start with `-`.
 */
const gemini: AgentProfile = {
  id: 'gemini',
  command: 'gemini',
  args: ['--approval-mode', 'auto_edit', '--skip-trust', '--prompt={prompt}'],
};

/**
 * Aider: `--message-file` sends one message from a file and exits (scripting mode).
 * Source: https://aider.chat/docs/scripting.html and https://aider.chat/docs/config/options.html
 * `--yes-always` answers its confirmations (add files, create files) so it never blocks on a question.
 * `--no-auto-commits`: Wavelane commits the worktree itself with the task's title, so the history reads one
 * commit per task; commits an agent makes on its own are kept either way, this only avoids one commit
 * per edit. The prompt goes in as a file, which also keeps long prompts off the command line.
 */
const aider: AgentProfile = {
  id: 'aider',
  command: 'aider',
  args: ['--yes-always', '--no-auto-commits', '--message-file', '{promptFile}'],
};

/**
 * opencode: `opencode run <message>` runs one prompt without the TUI.
 * Source: https://opencode.ai/docs/cli (run) and https://opencode.ai/docs/permissions: edit and bash
 * default to "allow" unless the project's opencode.json says otherwise, so no approval flag is needed
 * (newer releases add `--auto` for configs that "ask"; older ones reject it, so we do not pass it).
 */
const opencode: AgentProfile = { id: 'opencode', command: 'opencode', args: ['run', '--', '{prompt}'] };

/**
 * Qwen Code, headless: `--prompt` runs one prompt non-interactively (adapters/qwenCode.ts).
 * `--approval-mode auto-edit` approves file edits while other tools are refused in headless mode, the
 * same line as Gemini's `auto_edit` (Qwen Code is a fork of it); `yolo` is left to a plan override.
 * The prompt is glued to its option: Qwen Code 0.24.4 drops text after `--` (it reads only the
 * positional before it), and a separate "-..." would be read as an option (test/agents/README.md).
 */
const qwenCode: AgentProfile = { id: 'qwen-code', command: 'qwen', args: ['--approval-mode', 'auto-edit', '--prompt={prompt}'] };

export const BUILTIN_PROFILES: readonly AgentProfile[] = Object.freeze(
  [shell, claudeCode, codex, gemini, aider, opencode, qwenCode].map((profile) =>
    Object.freeze({ ...profile, args: Object.freeze([...(profile.args ?? [])]) as string[] }),
  ),
);
