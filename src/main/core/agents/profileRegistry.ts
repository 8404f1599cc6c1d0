import type { AgentProfile } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { BUILTIN_PROFILES } from './builtinProfiles';
import { checkAvailability, type ProfileAvailability } from './checkAvailability';

export type ProfileRegistryError = 'DUPLICATE_PROFILE';
export type ResolveProfileError = 'UNKNOWN_PROFILE';

/**
 * The profiles a plan can use: the built-ins plus the plan's own `agents`. A plan profile with a
 * built-in id REPLACES the built-in entirely (no field-by-field merge): a plan that overrides
 * `claude-code` to add `--dangerously-skip-permissions` gets exactly the argv it wrote, and
 * `overridden` lists such ids so the UI can say the built-in is not in use.
 */
export class ProfileRegistry {
  private readonly byId: ReadonlyMap<string, AgentProfile>;

  private constructor(
    byId: Map<string, AgentProfile>,
    /** Built-in ids the plan replaced. */
    readonly overridden: readonly string[],
  ) {
    this.byId = byId;
  }

  static create(planAgents: readonly AgentProfile[] = []): Result<ProfileRegistry, ProfileRegistryError> {
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    planAgents.forEach((profile, index) => {
      const first = seen.get(profile.id);
      if (first === undefined) seen.set(profile.id, index);
      else duplicates.push(`agents[${index}] repeats id "${profile.id}" of agents[${first}]`);
    });
    if (duplicates.length > 0) {
      return err('DUPLICATE_PROFILE', `The plan declares an agent profile id more than once: ${duplicates.join('; ')}.`, {
        where: duplicates[0]?.split(' ')[0],
        details: duplicates,
      });
    }
    const byId = new Map<string, AgentProfile>();
    for (const profile of BUILTIN_PROFILES) byId.set(profile.id, copy(profile));
    const overridden: string[] = [];
    for (const profile of planAgents) {
      if (byId.has(profile.id)) overridden.push(profile.id);
      byId.set(profile.id, copy(profile));
    }
    return ok(new ProfileRegistry(byId, overridden));
  }

  /** Every profile, built-ins first, in declaration order. Copies: callers cannot change the registry. */
  list(): AgentProfile[] {
    return [...this.byId.values()].map(copy);
  }

  /** True when `id` names a built-in profile the plan did not replace: its adapter (if any) applies. */
  isBuiltin(id: string): boolean {
    return BUILTIN_PROFILES.some((profile) => profile.id === id) && !this.overridden.includes(id);
  }

  resolveProfile(id: string): Result<AgentProfile, ResolveProfileError> {
    const profile = this.byId.get(id);
    if (profile) return ok(copy(profile));
    return err('UNKNOWN_PROFILE', `No agent profile "${id}"; known profiles: ${[...this.byId.keys()].join(', ')}.`, {
      where: id,
    });
  }

  /**
   * Availability of the given profiles (all of them by default) on this PATH; see checkAvailability.ts.
   * An id with no profile is reported unavailable rather than dropped, so a run naming it is refused.
   */
  async checkAvailability(
    searchPath: string | undefined,
    cwd?: string,
    ids?: readonly string[],
    /** The user's own executable per profile id (agent settings' `command`), checked instead of the profile's. */
    commands: Readonly<Record<string, string>> = {},
  ): Promise<ProfileAvailability[]> {
    const wanted = ids ?? [...this.byId.keys()];
    const known = wanted.flatMap((id) => this.byId.get(id) ?? []).map((profile) => ({ ...profile, command: commands[profile.id] ?? profile.command }));
    const found = new Map((await checkAvailability(known, searchPath, cwd)).map((entry) => [entry.id, entry]));
    return wanted.map(
      (id) =>
        found.get(id) ?? { id, command: '', available: false, reason: `No agent profile "${id}" in the built-ins or the plan.` },
    );
  }
}

function copy(profile: AgentProfile): AgentProfile {
  return {
    id: profile.id,
    command: profile.command,
    ...(profile.args ? { args: [...profile.args] } : {}),
    ...(profile.env ? { env: { ...profile.env } } : {}),
  };
}
