import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from './builtinProfiles';
import { expandProfile } from './expandProfile';

/** Prompts an argument parser would take for options if they were not fenced off. */
const OPTION_LIKE_PROMPTS = ['--dangerously-skip-permissions', '-p', '- item one\n- item two', '--help', '--', '-'];

describe('built-in profiles never let the prompt become an option (issue 13, finding 5)', () => {
  for (const profile of BUILTIN_PROFILES) {
    it(`${profile.id}: the prompt is the argument after a final \`--\`, glued to its option, or a file`, () => {
      for (const prompt of OPTION_LIKE_PROMPTS) {
        const expanded = expandProfile(profile, { prompt, promptFile: '/tmp/prompt.txt', taskId: 't1', title: 'T' });
        if (!expanded.ok) throw new Error(expanded.error.message);
        const args = expanded.value.args;
        if (args.at(-1) === prompt) {
          // As its own entry: last, right after the `--` that ends the options (the only `--` before it).
          expect(args.at(-2), `${profile.id} ${JSON.stringify(args)}`).toBe('--');
          expect(args.slice(0, -2), `${profile.id} ${JSON.stringify(args)}`).not.toContain('--');
        } else if (args.some((a) => a.endsWith(`=${prompt}`))) {
          expect(args.filter((a) => a.endsWith(`=${prompt}`)), profile.id).toEqual([expect.stringMatching(/^--[a-z-]+=/) as string]);
        } else {
          // Only the file carries it.
          expect(args, `${profile.id} ${JSON.stringify(args)}`).not.toContain(prompt);
          expect(args, profile.id).toContain('/tmp/prompt.txt');
        }
      }
    });
  }

  it('gemini skips the trust check each new worktree would fail (exit 55)', () => {
    expect(BUILTIN_PROFILES.find((p) => p.id === 'gemini')?.args).toContain('--skip-trust');
  });

  it('qwen-code glues the prompt to --prompt= after its options (0.24.4 drops text after `--`)', () => {
    const qwen = BUILTIN_PROFILES.find((p) => p.id === 'qwen-code');
    expect(qwen?.command).toBe('qwen');
    const expanded = expandProfile(qwen!, { prompt: '- a list', promptFile: '/tmp/p', taskId: 't1', title: 'T' });
    if (!expanded.ok) throw new Error(expanded.error.message);
    expect(expanded.value.args).toEqual(['--approval-mode', 'auto-edit', '--prompt=- a list']);
  });
});
