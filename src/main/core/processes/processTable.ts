import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** Session id; null where the platform's `ps` cannot report it (macOS). */
  sid: number | null;
  /** One-letter state; `Z` is a zombie: already dead, only waiting to be reaped by its parent. */
  state: string;
  /** Start time (clock ticks since boot), to tell a process from a later one that reuses its pid; null from `ps`. */
  startTime: number | null;
}

/** A snapshot of the processes on this machine; behind an interface so the kill logic can be driven by either source. */
export interface ProcessTable {
  list(): Promise<ProcessInfo[]>;
  /** True when `pid`'s environment holds `name=value`; false when it does not or cannot be read. */
  hasEnv(pid: number, name: string, value: string): Promise<boolean>;
}

const PROC = '/proc';
/** `ps` output for a few hundred processes is a few KB; this bounds a pathological case. */
const PS_MAX_BUFFER = 16 * 1024 * 1024;

/**
 * Linux: read /proc directly, synchronously. /proc files are generated in memory, so a synchronous read
 * costs ~20 µs per process (2 ms for a hundred), about five times less than the async version measured
 * here, whose thread-pool round trips also compete with the agents' log writes.
 */
export const procfsTable: ProcessTable = {
  async list() {
    let names: string[];
    try {
      names = readdirSync(PROC);
    } catch {
      return [];
    }
    const result: ProcessInfo[] = [];
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      const info = readStat(Number(name));
      if (info) result.push(info);
    }
    return result;
  },
  async hasEnv(pid, name, value) {
    try {
      return readFileSync(`${PROC}/${pid}/environ`, 'utf8').split('\0').includes(`${name}=${value}`);
    } catch {
      return false;
    }
  },
};

/** Other Unixes (macOS): `ps` gives pid, ppid, pgid and state; no session id and no environment. */
export const psTable: ProcessTable = {
  list() {
    return new Promise((resolve) => {
      execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { maxBuffer: PS_MAX_BUFFER }, (error, stdout) => {
        if (error) {
          resolve([]);
          return;
        }
        resolve(parsePsOutput(stdout));
      });
    });
  },
  async hasEnv() {
    return false;
  },
};

export function defaultProcessTable(): ProcessTable {
  return existsSync(`${PROC}/self/stat`) ? procfsTable : psTable;
}

/** Parses `ps -o pid=,ppid=,pgid=,stat=` lines. */
export function parsePsOutput(stdout: string): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const line of stdout.split('\n')) {
    const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
    if (!pid || !ppid || !pgid || !stat || !/^\d+$/.test(pid)) continue;
    result.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), sid: null, state: stat.charAt(0), startTime: null });
  }
  return result;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold spaces and
 * parentheses, so fields are counted from the LAST `)`: state (field 3), ppid, pgrp, session follow it,
 * and starttime is field 22.
 */
export function parseProcStat(text: string): ProcessInfo | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const [state, ppid, pgid, sid] = fields;
  if (!Number.isInteger(pid) || !state || ppid === undefined || pgid === undefined || sid === undefined) return null;
  const startTime = fields[STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM];
  return { pid, ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid), state, startTime: startTime === undefined ? null : Number(startTime) };
}

/** proc(5) numbers stat fields from 1; field 3 (state) is the first after the command name. */
const FIRST_FIELD_AFTER_COMM = 3;
const STARTTIME_FIELD = 22;

function readStat(pid: number): ProcessInfo | null {
  try {
    return parseProcStat(readFileSync(`${PROC}/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited between readdir and read
  }
}

/** A process's start time (clock ticks since boot), or null when it is gone or the platform has no /proc. */
export function readProcessStartTime(pid: number): number | null {
  return readStat(pid)?.startTime ?? null;
}
