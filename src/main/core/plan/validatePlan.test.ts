import { describe, expect, it } from 'vitest';
import type { Plan, PlanTask } from '../../../shared/plan/plan';
import { MAX_REPORTED_CYCLES } from './findCycles';
import { formatIssue } from './planIssue';
import { validatePlan } from './validatePlan';

const BUILTIN = ['shell', 'claude-code', 'codex', 'gemini', 'aider', 'opencode'];

const task = (id: string, extra: Partial<PlanTask> = {}): PlanTask => ({ id, title: `Task ${id}`, prompt: 'p', ...extra });
const plan = (tasks: PlanTask[], extra: Partial<Plan> = {}): Plan => ({ version: 1, tasks, ...extra });
const problems = (p: Plan) => validatePlan(p, { knownAgents: BUILTIN }).map(formatIssue);

describe('validatePlan', () => {
  it('finds nothing wrong with a sound plan', () => {
    const sound = plan(
      [
        task('login-api', { objective: 'auth', adrs: ['adr-001'], files: ['src/auth/**'], reads: ['src/db/**'], agent: 'codex' }),
        task('login-ui', { objective: 'auth', dependsOn: ['login-api'], agent: 'my-agent', files: ['web/*.tsx', './docs/a..b.md'] }),
      ],
      {
        agent: 'claude-code',
        objectives: [{ id: 'auth', title: 'Sign-in' }],
        adrs: [{ id: 'adr-001', objective: 'auth', title: 'Use JWT' }],
        agents: [{ id: 'my-agent', command: 'my-agent' }],
        copyFiles: ['.env'],
      },
    );
    expect(validatePlan(sound, { knownAgents: BUILTIN })).toEqual([]);
  });

  it('rejects ids that break the pattern, saying how', () => {
    const long = 'x'.repeat(65);
    expect(problems(plan([task(''), task('-a'), task('a b'), task(long), task('ok.name_1-2')]))).toEqual([
      'tasks[0].id: is empty; an id is needed',
      'tasks[1] (-a).id: "-a" must start with a letter or a digit',
      'tasks[2] (a b).id: "a b" contains " "; ids use only letters, digits, ".", "_" and "-"',
      `tasks[3] (${'x'.repeat(39)}…).id: "${'x'.repeat(39)}…" is 65 characters long; an id has at most 64`,
    ]);
  });

  it('rejects ids used twice within a kind, and allows the same id across kinds', () => {
    const p = plan([task('auth'), task('b'), task('auth')], {
      objectives: [{ id: 'auth', title: 'A' }, { id: 'auth', title: 'B' }],
      adrs: [{ id: 'auth', title: 'ADR' }],
      agents: [{ id: 'x', command: 'x' }, { id: 'x', command: 'y' }],
    });
    expect(problems(p)).toEqual([
      'objectives[1] (auth).id: duplicate objective id "auth" (already used by objectives[0])',
      'tasks[2] (auth).id: duplicate task id "auth" (already used by tasks[0])',
      'agents[1] (x).id: duplicate agent profile id "x" (already used by agents[0])',
    ]);
  });

  it('names the task and the missing id for every unknown reference', () => {
    const p = plan(
      [
        task('login-api', { objective: 'auht', adrs: ['adr-002'], dependsOn: ['ghost'] }),
        task('login-ui', { dependsOn: ['login-apy', 'login-api'] }),
      ],
      { objectives: [{ id: 'auth', title: 'A' }], adrs: [{ id: 'adr-001', objective: 'nope', title: 'T' }] },
    );
    expect(problems(p)).toEqual([
      'adrs[0] (adr-001).objective: refers to objective "nope", which is not in the plan\'s objectives',
      'tasks[0] (login-api).objective: refers to objective "auht", which is not in the plan\'s objectives (did you mean "auth"?)',
      'tasks[0] (login-api).adrs[0]: refers to ADR "adr-002", which is not in the plan\'s adrs (did you mean "adr-001"?)',
      'tasks[0] (login-api).dependsOn[0]: depends on "ghost", which is not a task in this plan',
      'tasks[1] (login-ui).dependsOn[0]: depends on "login-apy", which is not a task in this plan (did you mean "login-api"?)',
    ]);
  });

  it('checks agents against the built-ins and the plan\'s own profiles', () => {
    const p = plan([task('a', { agent: 'claude' }), task('b', { agent: 'mine' }), task('c', { agent: 'shell' })], {
      agent: 'codx',
      agents: [{ id: 'mine', command: 'mine' }],
    });
    expect(problems(p)).toEqual([
      'agent: unknown agent "codx" (did you mean "codex"?); known agents: shell, claude-code, codex, gemini, aider, opencode, mine',
      'tasks[0] (a).agent: unknown agent "claude"; known agents: shell, claude-code, codex, gemini, aider, opencode, mine',
    ]);
    // Without the built-in list the plan model cannot judge agent names, so it does not guess.
    expect(validatePlan(p)).toEqual([]);
  });

  it('keeps globs and copied files inside the repository', () => {
    const p = plan(
      [
        task('a', { files: ['/etc/passwd', '', 'src/../../x', 'C:\\Users\\me', '\\\\server\\share', 'c:/temp/**'] }),
        task('b', { reads: ['..', 'ok/**', 'a/..'] }),
      ],
      { copyFiles: ['.env', '../secrets.env'] },
    );
    expect(problems(p)).toEqual([
      'tasks[0] (a).files[0]: "/etc/passwd" is an absolute path; write it relative to the repository root',
      'tasks[0] (a).files[1]: is empty',
      'tasks[0] (a).files[2]: "src/../../x" has a ".." segment; paths must stay inside the repository',
      'tasks[0] (a).files[3]: "C:\\Users\\me" is a Windows drive path; write it relative to the repository root',
      'tasks[0] (a).files[4]: "\\\\server\\share" is an absolute path; write it relative to the repository root',
      'tasks[0] (a).files[5]: "c:/temp/**" is a Windows drive path; write it relative to the repository root',
      'tasks[1] (b).reads[0]: ".." has a ".." segment; paths must stay inside the repository',
      'tasks[1] (b).reads[2]: "a/.." has a ".." segment; paths must stay inside the repository',
      'copyFiles[1]: "../secrets.env" has a ".." segment; paths must stay inside the repository',
    ]);
  });

  it('reports a task depending on itself apart from cycles', () => {
    expect(problems(plan([task('a', { dependsOn: ['a'] }), task('b')]))).toEqual(['tasks[0] (a).dependsOn[0]: depends on itself']);
  });

  it('prints a cycle as a path from its first task in plan order', () => {
    const p = plan([task('x'), task('c', { dependsOn: ['a'] }), task('a', { dependsOn: ['b'] }), task('b', { dependsOn: ['c'] })]);
    expect(problems(p)).toEqual(['tasks[1] (c).dependsOn: dependency cycle: c -> a -> b -> c']);
  });

  it('reports every distinct cycle once', () => {
    // a -> b -> a and a -> c -> a share a; d -> e -> d is separate; b -> c -> b joins the first two.
    const p = plan([
      task('a', { dependsOn: ['b', 'c'] }),
      task('b', { dependsOn: ['a', 'c'] }),
      task('c', { dependsOn: ['a', 'b'] }),
      task('d', { dependsOn: ['e'] }),
      task('e', { dependsOn: ['d'] }),
    ]);
    expect(problems(p)).toEqual([
      'tasks[0] (a).dependsOn: dependency cycle: a -> b -> a',
      'tasks[0] (a).dependsOn: dependency cycle: a -> b -> c -> a',
      'tasks[0] (a).dependsOn: dependency cycle: a -> c -> a',
      'tasks[0] (a).dependsOn: dependency cycle: a -> c -> b -> a',
      'tasks[1] (b).dependsOn: dependency cycle: b -> c -> b',
      'tasks[3] (d).dependsOn: dependency cycle: d -> e -> d',
    ]);
  });

  it('caps the cycles it lists and says so', () => {
    // A complete graph on 8 tasks has thousands of elementary cycles.
    const ids = Array.from({ length: 8 }, (_, i) => `t${i}`);
    const found = problems(plan(ids.map((id) => task(id, { dependsOn: ids.filter((other) => other !== id) }))));
    expect(found).toHaveLength(MAX_REPORTED_CYCLES + 1);
    expect(found[0]).toBe('tasks[0] (t0).dependsOn: dependency cycle: t0 -> t1 -> t0');
    expect(found.at(-1)).toContain(`only the first ${MAX_REPORTED_CYCLES} are listed`);
    expect(new Set(found).size).toBe(found.length);
  });

  it('reports several different problems together, in plan order', () => {
    const p = plan(
      [
        task('a', { dependsOn: ['b'], files: ['/abs'] }),
        task('b', { dependsOn: ['a', 'ghost'], objective: 'none' }),
        task('a'),
      ],
      { agent: 'nobody', objectives: [{ id: 'bad id', title: 'O' }] },
    );
    expect(problems(p)).toEqual([
      'agent: unknown agent "nobody"; known agents: shell, claude-code, codex, gemini, aider, opencode',
      'objectives[0] (bad id).id: "bad id" contains " "; ids use only letters, digits, ".", "_" and "-"',
      'tasks[0] (a).files[0]: "/abs" is an absolute path; write it relative to the repository root',
      'tasks[0] (a).dependsOn: dependency cycle: a -> b -> a',
      'tasks[1] (b).objective: refers to objective "none", which is not in the plan\'s objectives',
      'tasks[1] (b).dependsOn[1]: depends on "ghost", which is not a task in this plan',
      'tasks[2] (a).id: duplicate task id "a" (already used by tasks[0])',
    ]);
  });

  it('does not modify the plan', () => {
    const p = plan([task('a', { dependsOn: ['b', 'a'] }), task('b', { dependsOn: ['a'] })]);
    const before = structuredClone(p);
    validatePlan(p);
    expect(p).toEqual(before);
  });
});
