import type { AgentAdapter } from './agentEvent';
import { aiderAdapter } from './adapters/aider';
import { claudeCodeAdapter } from './adapters/claudeCode';
import { codexAdapter } from './adapters/codex';
import { geminiAdapter } from './adapters/gemini';
import { opencodeAdapter } from './adapters/opencode';
import { qwenCodeAdapter } from './adapters/qwenCode';

/** Every CLI adapter, by the built-in profile id it serves. */
export const ADAPTERS: readonly AgentAdapter[] = [claudeCodeAdapter, codexAdapter, geminiAdapter, opencodeAdapter, qwenCodeAdapter, aiderAdapter];

export function adapterFor(profileId: string): AgentAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.id === profileId);
}
