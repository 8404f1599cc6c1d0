import { describe, expect, it } from 'vitest';
import { isSecretEnvName } from '../../../shared/agents/agentSettings';
import { formsToSettings, settingsToForms } from './agentSettingsForm';

describe('agent settings form', () => {
  it('round-trips settings, one argument per line, dropping empty rows and empty profiles', () => {
    const settings = {
      version: 1 as const,
      profiles: { 'claude-code': { command: '/opt/claude', args: ['--model', 'opus'], maxParallel: 2, env: { ANTHROPIC_API_KEY: 'sk-1' } } },
    };
    const forms = settingsToForms(settings);
    expect(forms['claude-code']).toEqual({ command: '/opt/claude', args: '--model\nopus', maxParallel: '2', env: [{ name: 'ANTHROPIC_API_KEY', value: 'sk-1' }] });
    forms['claude-code']!.args += '\n\n';
    forms['claude-code']!.env.push({ name: '', value: '' });
    forms.codex = { command: ' ', args: '', maxParallel: '', env: [] };
    expect(formsToSettings(forms)).toEqual({ ok: true, value: settings });
  });

  it('names the profile and the field that is wrong', () => {
    const bad = (form: Partial<{ command: string; args: string; maxParallel: string; env: { name: string; value: string }[] }>) =>
      formsToSettings({ codex: { command: '', args: '', maxParallel: '', env: [], ...form } });
    expect(bad({ maxParallel: '0' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('codex: Max parallel') as string } });
    expect(bad({ env: [{ name: 'BAD-NAME', value: 'x' }] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('codex.env.BAD-NAME') as string } });
    expect(bad({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] })).toMatchObject({ ok: false, error: { message: 'codex: the environment variable A is set twice' } });
    expect(bad({ env: [{ name: '', value: 'orphan' }] }).ok).toBe(false);
  });

  it('knows which names hold secrets', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'client_secret', 'DB_PASSWORD']) expect(isSecretEnvName(name), name).toBe(true);
    for (const name of ['ANTHROPIC_BASE_URL', 'OPENAI_MODEL', 'HOME']) expect(isSecretEnvName(name), name).toBe(false);
  });
});
