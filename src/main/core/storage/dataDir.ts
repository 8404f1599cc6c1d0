import os from 'node:os';
import path from 'node:path';

/**
 * Where Wavelane keeps per-user data (worktrees, settings) when no host gives it a folder:
 * the platform's user data directory, never the OS temp directory (cleaned behind users' backs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.WAVELANE_DATA_DIR) return path.resolve(env.WAVELANE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'wavelane');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'wavelane');
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'wavelane');
}
