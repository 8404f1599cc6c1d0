import { describe, expect, it } from 'vitest';
import { agentPrompt } from './agentPrompt';
import { resolutionMessage } from './resolutionMessage';

describe('resolutionMessage', () => {
  it('says what happened to each file and who decided, then the trailers', () => {
    const message = resolutionMessage({
      target: 'main',
      stamp: { taskId: 't1', runId: 'r1' },
      files: [
        { path: 'a.txt', resolution: { kind: 'content', text: 'x' }, resolvedBy: 'agent', agent: 'claude-code', exists: true },
        { path: 'b.bin', resolution: { kind: 'ours' }, resolvedBy: 'user', exists: true },
        { path: 'c.txt', resolution: { kind: 'theirs' }, resolvedBy: 'user', exists: false },
        { path: 'odd\nname', resolution: { kind: 'delete' }, resolvedBy: 'user', exists: false },
      ],
    });
    expect(message).toBe(
      [
        'Resolve conflicts of task t1 with main',
        '',
        'a.txt: edited result (agent (claude-code))',
        "b.bin: took main's version (user)",
        'c.txt: deleted, as in the task (user)',
        '"odd\\nname": deleted (user)',
        '',
        'Resolved-By: agent (claude-code)',
        'Resolved-By: user',
        'Wavelane-Task: t1',
        'Wavelane-Run: r1',
        '',
      ].join('\n'),
    );
  });
});

describe('agentPrompt', () => {
  it('names the files and what happened to them, the intent, and the rules', () => {
    const entry = { mode: '100644', oid: '1'.repeat(40) };
    const prompt = agentPrompt({
      branch: 'wavelane/t1',
      target: 'main',
      task: { id: 't1', title: 'Add a greeting', prompt: 'Say hello in French.' },
      files: new Map([
        ['a.txt', { base: entry, ours: entry, theirs: entry }],
        ['gone.txt', { base: entry, ours: null, theirs: entry }],
        ['new.txt', { base: null, ours: entry, theirs: entry }],
      ]),
    });
    expect(prompt).toContain('- a.txt: changed on both sides');
    expect(prompt).toContain('- gone.txt: deleted (or renamed away) on main, changed by this task');
    expect(prompt).toContain('- new.txt: added on both sides');
    expect(prompt).toContain('Title: Add a greeting\nSay hello in French.');
    expect(prompt).toContain("Keep both sides' changes");
    expect(prompt).toContain('Remove every conflict marker');
    expect(prompt).toContain('Do not commit');
  });
});
