import type { AgentSettings } from '../../../shared/agents/agentSettings';
import type { Plan } from '../../../shared/plan/plan';
import type { TaskStatus } from '../../../shared/run/taskStatus';
import type { ProfileRegistry } from '../agents/profileRegistry';
import type { RunState } from '../storage/runState';
import type { RunStore } from '../storage/runStore';
import type { ResourceSampler } from '../resources/resourceMonitor';
import type { Durations } from '../plan/criticalPath';
import type { TaskTerminals } from '../terminals/TaskTerminals';

/** What a RunController is given, and what it tells its listeners. */

export interface Transition {
  at: Date;
  task: string;
  status: TaskStatus;
  wave: number | null;
  reason: string | null;
  attempt: number;
}

export interface RunControllerOptions {
  store: RunStore;
  /** The run's state, owned by this process (new, or taken over from a dead owner). */
  state: RunState;
  plan: Plan;
  registry: ProfileRegistry;
  /** Agent for tasks that name none. */
  defaultAgent: string;
  /** Retries for tasks that set none. */
  defaultRetries: number;
  /**
   * Review before merge (the app): `all` makes every task wait in Review; otherwise only tasks with
   * `review: true` do. Null where nobody can review (the CLI): tasks merge as soon as they are done.
   */
  review?: { all: boolean } | null;
  repo: { topLevel: string; commonDir: string };
  /** Wave of each task in the preview, for progress lines. */
  waves: string[][];
  durations?: Durations;
  /** Most agents of a profile at once, from the user's agent settings (the run's `maxPerAgent` wins). */
  profileCaps?: ReadonlyMap<string, number>;
  sampler: ResourceSampler;
  now?: () => number;
  gitEnv?: Record<string, string>;
  /** Where the agents' output goes for panes to show (the app); none where nobody watches (the CLI). */
  terminals?: TaskTerminals;
  /** The user's agent settings (keys, endpoints, extra args), loaded once at the run's start. */
  agentSettings?: AgentSettings;
}

