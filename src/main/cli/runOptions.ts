import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_PARALLEL, MAX_BUDGET_TOKENS, MAX_BUDGET_USD, MAX_PARALLEL, MAX_RETRIES } from '../../shared/limits';
import { isValidId } from '../../shared/plan/planId';
import type { Strategy } from '../../shared/run/taskStatus';
import { UsageError } from './UsageError';

export interface RunOptions {
  plan: string;
  repo: string;
  maxParallel: number;
  target: string | null;
  strategy: Strategy;
  verify: string | null;
  retries: number | null;
  agent: string | null;
  strictFiles: boolean;
  keepBranches: boolean;
  worktreeRoot: string | null;
  resourceGuard: boolean;
  /** The run's budget: no new task starts once it is spent. */
  budgetUsd: number | null;
  budgetTokens: number | null;
  /** `--max-per-agent claude-code=2`: most agents of a profile at once, by profile id. */
  maxPerAgent: Record<string, number>;
  json: boolean;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function positiveAmount(flag: string, value: string, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > max) {
    throw new UsageError(`${flag} must be a positive number up to ${max}, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `profile=N` pairs, one per flag; a profile named twice is a mistake, not "the last one wins". */
function profileCaps(values: readonly string[]): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(.*)$/.exec(value);
    if (!match || !isValidId(match[1] as string)) {
      throw new UsageError(`--max-per-agent takes PROFILE=N (e.g. claude-code=2), not ${JSON.stringify(value)}`);
    }
    const id = match[1] as string;
    if (id in caps) throw new UsageError(`--max-per-agent names ${id} twice`);
    caps[id] = wholeNumber(`--max-per-agent ${id}`, match[2] as string, 1, MAX_PARALLEL);
  }
  return caps;
}

/** Parses `wavelane run` flags; any mistake is a UsageError naming the flag (exit 2, nothing created). */
export function parseRunOptions(args: string[], cwd = process.cwd()): RunOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      plan: { type: 'string' },
      repo: { type: 'string' },
      'max-parallel': { type: 'string' },
      target: { type: 'string' },
      strategy: { type: 'string' },
      verify: { type: 'string' },
      retries: { type: 'string' },
      agent: { type: 'string' },
      'strict-files': { type: 'boolean' },
      'keep-branches': { type: 'boolean' },
      'worktree-root': { type: 'string' },
      'no-resource-guard': { type: 'boolean' },
      'budget-usd': { type: 'string' },
      'budget-tokens': { type: 'string' },
      'max-per-agent': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  if (!values.plan) throw new UsageError('--plan FILE is required (a Wavelane plan or an Auto-Claude implementation_plan.json)');
  const strategy = values.strategy ?? 'eager';
  if (strategy !== 'eager' && strategy !== 'waves') {
    throw new UsageError(`--strategy must be "eager" or "waves", not ${JSON.stringify(strategy)}`);
  }
  if (values.target !== undefined && !values.target.trim()) throw new UsageError('--target must name a branch');
  if (values.verify !== undefined && !values.verify.trim()) throw new UsageError('--verify must be a command');
  return {
    plan: path.resolve(cwd, values.plan),
    repo: path.resolve(cwd, values.repo ?? '.'),
    maxParallel:
      values['max-parallel'] === undefined
        ? DEFAULT_MAX_PARALLEL
        : wholeNumber('--max-parallel', values['max-parallel'], 1, MAX_PARALLEL),
    target: values.target ?? null,
    strategy,
    verify: values.verify ?? null,
    retries: values.retries === undefined ? null : wholeNumber('--retries', values.retries, 0, MAX_RETRIES),
    agent: values.agent ?? null,
    strictFiles: values['strict-files'] ?? false,
    keepBranches: values['keep-branches'] ?? false,
    worktreeRoot: values['worktree-root'] ? path.resolve(cwd, values['worktree-root']) : null,
    resourceGuard: !(values['no-resource-guard'] ?? false),
    budgetUsd: values['budget-usd'] === undefined ? null : positiveAmount('--budget-usd', values['budget-usd'], MAX_BUDGET_USD),
    budgetTokens: values['budget-tokens'] === undefined ? null : wholeNumber('--budget-tokens', values['budget-tokens'], 1, MAX_BUDGET_TOKENS),
    maxPerAgent: profileCaps(values['max-per-agent'] ?? []),
    json: values.json ?? false,
  };
}
