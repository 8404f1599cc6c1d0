import path from 'node:path';
import type { PlanTask } from '../../../shared/plan/plan';
import { BUILTIN_PROFILES, SHELL_PROFILE_ID } from '../agents/builtinProfiles';
import type { ProfileRegistry } from '../agents/profileRegistry';
import type { GroupSet } from '../scheduler/groupGate';

/**
 * The dispatcher's per-group limits for a run: a task's group is its agent profile; the caps are the
 * run's `--max-per-agent` over the user's settings (`maxParallel` per profile in agents.json); the
 * groups whose first session starts alone are those running one of the agent CLIs (a plan's own shell
 * script has no first-run set-up to race on).
 */
export function groupLimitsOf(input: {
  registry: ProfileRegistry;
  defaultAgent: string;
  /** From the user's agent settings. */
  profileCaps?: ReadonlyMap<string, number>;
  /** The run's own caps (`--max-per-agent`), which win. */
  runCaps?: Readonly<Record<string, number>>;
}): { groupOf: (task: PlanTask) => string; groupCaps: ReadonlyMap<string, number>; serializeFirstStart: GroupSet } {
  const groupCaps = new Map(input.profileCaps ?? []);
  for (const [id, cap] of Object.entries(input.runCaps ?? {})) groupCaps.set(id, cap);
  const cliCommands = new Set(BUILTIN_PROFILES.filter((profile) => profile.id !== SHELL_PROFILE_ID).map((profile) => profile.command));
  return {
    groupOf: (task) => task.agent ?? input.defaultAgent,
    groupCaps,
    serializeFirstStart: {
      has: (group) => {
        const profile = input.registry.resolveProfile(group);
        return profile.ok && cliCommands.has(path.basename(profile.value.command));
      },
    },
  };
}
