import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_AGENT_SETTINGS, type AgentSettings } from '../../../shared/agents/agentSettings';
import { agentLaunch, withOptions, type AgentLaunchRequest } from './agentLaunch';
import { BUILTIN_PROFILES } from './builtinProfiles';

const builtin = (id: string) => BUILTIN_PROFILES.find((profile) => profile.id === id)!;
const ID = '11111111-2222-4333-8444-555555555555';
const base = (extra: Partial<AgentLaunchRequest> & Pick<AgentLaunchRequest, 'profile'>): AgentLaunchRequest => ({
  builtin: true,
  settings: EMPTY_AGENT_SETTINGS,
  prompt: '- a list item first',
  promptFile: '/state/p.md',
  taskId: 't1',
  title: 'T1',
  cwd: '/wt/t1-1',
  newId: () => ID,
  ...extra,
});

describe('agentLaunch', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('gives a built-in adapter profile its structured argv, a session id up front, and the user\'s settings', async () => {
    const settings: AgentSettings = {
      version: 1,
      profiles: { 'claude-code': { command: '/opt/claude/bin/claude', args: ['--model', 'opus'], env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } } },
    };
    const launch = await agentLaunch(base({ profile: builtin('claude-code'), settings }));
    expect(launch.ok && launch.value).toMatchObject({
      command: '/opt/claude/bin/claude',
      userEnv: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
      sessionId: ID,
      resumed: false,
    });
    const args = launch.ok ? launch.value.args : [];
    expect(args.slice(-4)).toEqual(['--model', 'opus', '--', '- a list item first']);
    expect(args).toContain('stream-json');
    expect(args.join(' ')).toContain(`--session-id ${ID}`);
    expect(launch.ok && launch.value.adapter?.id).toBe('claude-code');
  });

  it('resumes the previous session of the same profile; Claude only in the folder it ran in', async () => {
    const previous = { profile: 'claude-code', sessionId: 'abc', cwd: '/wt/t1-1' };
    const same = await agentLaunch(base({ profile: builtin('claude-code'), previous }));
    expect(same.ok && same.value).toMatchObject({ resumed: true, sessionId: 'abc' });
    expect(same.ok && same.value.args.join(' ')).toContain('--resume abc');
    const elsewhere = await agentLaunch(base({ profile: builtin('claude-code'), previous, cwd: '/wt/t1-2' }));
    expect(elsewhere.ok && elsewhere.value).toMatchObject({ resumed: false, sessionId: ID });
    const otherProfile = await agentLaunch(base({ profile: builtin('codex'), previous }));
    expect(otherProfile.ok && otherProfile.value.resumed).toBe(false);
    const codex = await agentLaunch(base({ profile: builtin('codex'), previous: { profile: 'codex', sessionId: 'th', cwd: '/wt/t1-1' }, cwd: '/wt/t1-2' }));
    expect(codex.ok && codex.value.args.slice(0, 2)).toEqual(['exec', 'resume']);
  });

  it('a plan\'s own profile (or an override of a built-in) runs its argv as written, with the settings applied', async () => {
    const profile = { id: 'claude-code', command: 'claude', args: ['-p', '--dangerously-skip-permissions', '--', '{prompt}'] };
    const settings: AgentSettings = { version: 1, profiles: { 'claude-code': { args: ['--verbose'] } } };
    const launch = await agentLaunch(base({ profile, builtin: false, settings, previous: { profile: 'claude-code', sessionId: 'abc', cwd: '/wt/t1-1' } }));
    expect(launch.ok && launch.value).toEqual({
      command: 'claude',
      args: ['-p', '--dangerously-skip-permissions', '--verbose', '--', '- a list item first'],
      env: {},
      userEnv: {},
      resumed: false,
    });
  });

  it('reads the settings file when given no settings; a broken file is an error naming it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wavelane-launch-'));
    dirs.push(dir);
    const file = path.join(dir, 'agents.json');
    await writeFile(file, JSON.stringify({ version: 1, profiles: { codex: { env: { OPENAI_BASE_URL: 'http://x' } } } }));
    const { settings: _omitted, ...request } = base({ profile: builtin('codex') });
    const read = await agentLaunch({ ...request, settingsFile: file });
    expect(read.ok && read.value.userEnv).toEqual({ OPENAI_BASE_URL: 'http://x' });
    await writeFile(file, '{"version": 1, "profiles": {"codex": {"env": {"BAD NAME": "x"}}}}');
    const broken = await agentLaunch({ ...request, settingsFile: file });
    expect(!broken.ok && broken.error.code).toBe('SETTINGS_INVALID');
    expect(!broken.ok && broken.error.message).toContain(file);
  });

  it('puts extra options before the end of options', () => {
    expect(withOptions(['a', '--', 'p'], ['x'])).toEqual(['a', 'x', '--', 'p']);
    expect(withOptions(['--skip-trust', '--prompt=- p'], ['x'])).toEqual(['--skip-trust', 'x', '--prompt=- p']);
    expect(withOptions(['script.sh'], ['x'])).toEqual(['script.sh', 'x']);
    expect(withOptions(['a'], [])).toEqual(['a']);
  });
});
