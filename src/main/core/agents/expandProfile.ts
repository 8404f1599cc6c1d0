import type { AgentProfile } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';

/** What a task contributes to its command line. */
export interface PromptContext {
  prompt: string;
  /** Absolute path of the file holding the prompt (see promptFile.ts). */
  promptFile: string;
  taskId: string;
  title: string;
}

/** A process to start: never a shell string, always a file and an argv array. */
export interface ExpandedCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export type ExpandProfileError = 'UNKNOWN_PLACEHOLDER';

export const PLACEHOLDERS = ['prompt', 'promptFile', 'taskId', 'title'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{name}` with an identifier inside; braces around anything else (`{"a":1}`, `{}`) are literal text. */
const PLACEHOLDER_PATTERN = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Fills a profile's argument templates. Each placeholder is replaced inside its own argv entry, so
 * `--task={taskId}` stays one argument and a prompt full of quotes, `$(...)`, backticks or newlines
 * arrives byte-for-byte: nothing here (or later) joins arguments into a string for a shell. Replacement
 * is one pass over the template, so placeholder-like text inside a substituted value (a prompt that
 * mentions `{taskId}`) is left alone.
 *
 * An unknown placeholder (`{promtFile}`) is reported, not passed through: a typo would otherwise hand the
 * agent a literal `{promtFile}` and fail far from its cause.
 */
export function expandProfile(
  profile: AgentProfile,
  context: PromptContext,
): Result<ExpandedCommand, ExpandProfileError> {
  const templates = profile.args ?? [];
  const unknown: string[] = [];
  templates.forEach((template, index) => {
    for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
      const name = match[1] ?? '';
      if (!isPlaceholder(name)) unknown.push(`args[${index}]: {${name}}`);
    }
  });
  if (unknown.length > 0) {
    return err(
      'UNKNOWN_PLACEHOLDER',
      `Agent profile "${profile.id}" uses unknown placeholder(s) ${unknown.join(', ')}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
      { where: `agents.${profile.id}.${unknown[0]?.split(':')[0] ?? 'args'}`, details: unknown },
    );
  }
  const args = templates.map((template) =>
    template.replace(PLACEHOLDER_PATTERN, (_whole, name: string) => context[name as Placeholder]),
  );
  return ok({ command: profile.command, args, env: { ...(profile.env ?? {}) } });
}
