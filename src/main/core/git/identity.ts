import { runGit } from './git';

/**
 * Who Wavelane's commits (task commits, merge commits) are by: the user's git identity when one is
 * configured (config or the usual environment variables), otherwise this fallback, so a commit never
 * fails on a fresh machine or CI runner without `user.name`/`user.email`.
 */
export const FALLBACK_IDENTITY = { name: 'Wavelane', email: 'wavelane@localhost' } as const;

/**
 * The environment to give git when it creates a commit in `cwd`: `baseEnv` plus fallback name/email
 * variables for whatever part of the identity is not configured. Nothing is set for a configured part,
 * so the user's own identity (and its precedence rules) stays in charge.
 */
export async function commitIdentityEnv(
  cwd: string,
  baseEnv: Record<string, string> = {},
): Promise<Record<string, string>> {
  const env = { ...process.env, ...baseEnv };
  const listed = await runGit(['config', '--get-regexp', '^(user|author|committer)\\.(name|email)$'], {
    cwd,
    env: baseEnv,
  });
  const config = new Map<string, string>();
  for (const line of listed.code === 0 ? listed.stdout.split('\n') : []) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trim()) config.set(line.slice(0, space).toLowerCase(), line.slice(space + 1));
  }
  const has = (role: 'author' | 'committer', part: 'name' | 'email') =>
    Boolean(
      env[`GIT_${role.toUpperCase()}_${part.toUpperCase()}`] ||
        config.get(`${role}.${part}`) ||
        config.get(`user.${part}`) ||
        (part === 'email' && env.EMAIL),
    );
  const result: Record<string, string> = { ...baseEnv };
  for (const role of ['author', 'committer'] as const) {
    if (!has(role, 'name')) result[`GIT_${role.toUpperCase()}_NAME`] = FALLBACK_IDENTITY.name;
    if (!has(role, 'email')) result[`GIT_${role.toUpperCase()}_EMAIL`] = FALLBACK_IDENTITY.email;
  }
  return result;
}
