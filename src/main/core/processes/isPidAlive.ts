import { readFileSync } from 'node:fs';

/**
 * Whether a process of this host still lives. A process killed with -9 whose parent has not reaped it
 * yet still answers signal 0, but it is dead (it will never write again): Linux shows it as state `Z`
 * in /proc. EPERM means it exists but belongs to someone else.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3 follows the parenthesised command name, which may itself hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    return stat.slice(close + 2, close + 3) === 'Z';
  } catch {
    return false;
  }
}
