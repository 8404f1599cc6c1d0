import { describe, expect, it } from 'vitest';
import { buildAgentEnv } from './agentEnv';

const base = { taskId: 't1', runId: 'r1', cwd: '/wt', promptFile: '/p', sessionMarker: 'm' };

describe('buildAgentEnv', () => {
  it("drops Electron's and Wavelane's own variables and stale terminal sizes, and offers true colour", () => {
    const env = buildAgentEnv({
      ...base,
      baseEnv: { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1', WAVELANE_WEB_TOKEN: 'secret', COLUMNS: '80', COLORTERM: '' },
    });
    expect(env.PATH).toBe('/bin');
    expect(env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(env.WAVELANE_WEB_TOKEN).toBeUndefined();
    expect(env.COLUMNS).toBeUndefined();
    expect(env.COLORTERM).toBe('truecolor');
  });

  it("lets the user's settings win over the plan's profile env, and ours win over both", () => {
    const env = buildAgentEnv({
      ...base,
      baseEnv: { ANTHROPIC_BASE_URL: 'inherited' },
      env: { ANTHROPIC_BASE_URL: 'plan', MODEL: 'plan', WAVELANE_TASK_ID: 'spoof' },
      userEnv: { ANTHROPIC_BASE_URL: 'user', WAVELANE_SESSION_ID: 'spoof' },
    });
    expect(env.ANTHROPIC_BASE_URL).toBe('user');
    expect(env.MODEL).toBe('plan');
    expect(env.WAVELANE_TASK_ID).toBe('t1');
    expect(env.WAVELANE_SESSION_ID).toBe('m');
  });
});
