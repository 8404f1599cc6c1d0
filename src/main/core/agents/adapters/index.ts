import type { AgentAdapter } from '../agentEvent';
import { claudeCodeAdapter } from './claudeCode';
import { codexAdapter } from './codex';
import { geminiAdapter } from './gemini';
import { opencodeAdapter } from './opencode';
import { qwenCodeAdapter } from './qwenCode';
import { aiderAdapter } from './aider';

/**
 * The adapters Wavelane has, by the built-in profile id each serves. An adapter is used only when the
 * profile in use IS that built-in (see ProfileRegistry.isBuiltin): a plan that replaces `claude-code`
 * with its own argv asked for exactly that argv, and gets its raw output, as before adapters existed.
 */
const ADAPTERS: ReadonlyMap<string, AgentAdapter> = new Map(
  [claudeCodeAdapter, codexAdapter, geminiAdapter, opencodeAdapter, qwenCodeAdapter, aiderAdapter].map((adapter) => [adapter.id, adapter]),
);

export function adapterFor(profileId: string): AgentAdapter | undefined {
  return ADAPTERS.get(profileId);
}
