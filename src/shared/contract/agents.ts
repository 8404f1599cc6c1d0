import { z } from 'zod';
import type { AgentDetection } from '../agents/agentDetection';
import { AgentSettingsSchema, type AgentSettings } from '../agents/agentSettings';
import { request } from './define';

const empty = z.object({}).strict();
const SETTINGS_ERRORS = ['SETTINGS_INVALID', 'SETTINGS_UNREADABLE'] as const;

export const agentRequests = {
  /** Each built-in profile's CLI on this machine: found, its version, a warning when older than tested. */
  'agents.detect': request<AgentDetection[]>()(empty),
  /**
   * The user's agent settings, secret values included: only the Agent settings dialog asks for them (board
   * snapshots and events never carry them).
   */
  'settings.agents.get': request<AgentSettings>()(empty, SETTINGS_ERRORS),
  /** Replaces the user's agent settings (validated; a bad field is named and nothing changes). */
  'settings.agents.set': request<AgentSettings>()(z.object({ settings: AgentSettingsSchema }).strict(), SETTINGS_ERRORS),
};
