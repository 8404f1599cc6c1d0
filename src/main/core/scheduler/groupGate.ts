/**
 * Per-group limits on starting tasks, a group being the agent profile a task runs (`claude-code`): a cap
 * on how many run at once ("at most 2 Claude Code at a time"), a hold while the provider rate-limits us
 * (no new start until the reset, then restarts staggered), and a serialized first start (the first
 * session of a CLI starts alone, because several sessions of a CLI started at once on a fresh install race
 * on its first-run set-up). Pure: the clock is injected, so the dispatcher's tests drive it by hand.
 */

/**
 * How long the first session of a CLI may stay silent before the rest of its group starts anyway: a CLI
 * that prints nothing for this long has finished its set-up or is thinking, and must never block the run.
 */
export const FIRST_START_TIMEOUT_MS = 20_000;
/** Between restarts of a group's rate-limited tasks: all of them at the reset instant would trip it again. */
export const RATE_LIMIT_STAGGER_MS = 5_000;

export type GroupBlocker =
  /** The group's rate-limit hold lasts until `until` (epoch ms), or its restarts are being staggered. */
  | { kind: 'rateLimit'; group: string; until: number }
  /** The group's first session (`task`) has not said anything yet. */
  | { kind: 'firstStart'; group: string; task: string }
  /** The group already runs `cap` agents. */
  | { kind: 'groupCap'; group: string; cap: number };

export interface GroupGateOptions {
  /** Most agents of a group at once; groups absent here are capped only by the run's maxParallel. */
  caps?: ReadonlyMap<string, number>;
  /** Groups whose first start is serialized (the real CLIs; a shell script has no first-run set-up). */
  serializeFirstStart?: GroupSet;
  now: () => number;
}

/** A set of groups, or a rule that says which groups belong (a Set will do). */
export interface GroupSet {
  has(group: string): boolean;
}

type Warmth = { state: 'warming'; task: string; since: number } | { state: 'warm' };

export class GroupGate {
  private readonly running = new Map<string, number>();
  private readonly warmth = new Map<string, Warmth>();
  /** Per group: no start before this instant (a rate limit's reset, then the stagger between restarts). */
  private readonly notBefore = new Map<string, number>();
  /** Per group: rate-limited tasks not yet restarted; their restarts are staggered. */
  private readonly recovering = new Map<string, Set<string>>();

  constructor(private readonly options: GroupGateOptions) {}

  /** Why a task of `group` may not start now, or null. */
  blocker(group: string): GroupBlocker | null {
    const now = this.options.now();
    const until = this.notBefore.get(group);
    if (until !== undefined && now < until) return { kind: 'rateLimit', group, until };
    const warmth = this.warmth.get(group);
    if (warmth?.state === 'warming') {
      if (now - warmth.since < FIRST_START_TIMEOUT_MS) return { kind: 'firstStart', group, task: warmth.task };
      this.warmth.set(group, { state: 'warm' });
    }
    const cap = this.options.caps?.get(group);
    if (cap !== undefined && (this.running.get(group) ?? 0) >= cap) return { kind: 'groupCap', group, cap };
    return null;
  }

  started(group: string, task: string): void {
    this.running.set(group, (this.running.get(group) ?? 0) + 1);
    if (!this.warmth.has(group) && this.options.serializeFirstStart?.has(group)) {
      this.warmth.set(group, { state: 'warming', task, since: this.options.now() });
    }
    const waiting = this.recovering.get(group);
    if (waiting?.delete(task)) {
      if (waiting.size > 0) this.notBefore.set(group, this.options.now() + RATE_LIMIT_STAGGER_MS);
      else this.recovering.delete(group);
    }
  }

  /** The task's agent no longer holds a slot of its group (it exited, or waits out a rate limit). */
  ended(group: string, task: string): void {
    this.running.set(group, Math.max(0, (this.running.get(group) ?? 0) - 1));
    // A first session that ended before saying anything still ran the set-up: the rest may go.
    this.ready(group, task);
  }

  /** The task's agent printed its first output or event: its CLI is past its first-run set-up. */
  ready(group: string, task: string): void {
    const warmth = this.warmth.get(group);
    if (warmth?.state === 'warming' && warmth.task === task) this.warmth.set(group, { state: 'warm' });
  }

  /** The provider refused `task` for rate limits: nothing of the group starts before `until`. */
  rateLimited(group: string, task: string, until: number): void {
    this.notBefore.set(group, Math.max(until, this.notBefore.get(group) ?? 0));
    let waiting = this.recovering.get(group);
    if (!waiting) this.recovering.set(group, (waiting = new Set()));
    waiting.add(task);
  }

  /** A task left the run without restarting (cancelled, skipped): it no longer waits to recover. */
  forget(group: string, task: string): void {
    const waiting = this.recovering.get(group);
    if (waiting?.delete(task) && waiting.size === 0) this.recovering.delete(group);
  }
}
