import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startSse } from './server';
import type { ProtocolContext, ScriptedToolCall, ScriptedTurn, ScriptedUsage } from './script';
import { nextId, pickTool } from './toolNames';

/**
 * The Gemini API as Gemini CLI uses it (GOOGLE_GEMINI_BASE_URL plus the `gemini-api-key` auth type):
 * POST /v1beta/models/{model}:streamGenerateContent?alt=sse (SSE, one GenerateContentResponse per
 * `data:` line), POST .../{model}:generateContent (one JSON answer), .../{model}:countTokens, and
 * GET /v1beta/models (a model list). A turn becomes one candidate whose parts are text and
 * `functionCall`s, with `usageMetadata` on the last chunk. Requests that declare no tools are the CLI's
 * side calls (with no `-m`, a routing classifier; a next-speaker check): they get the fallback, and
 * when they ask for JSON (`responseJsonSchema`) an object that fits the schema, so the CLI never fails
 * on them. Recorded against Gemini CLI 0.61.0.
 */

export const name = 'gemini';

const MODEL_PATH = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;
const MODEL_LIST_PATH = /^\/v1(?:beta|alpha)?\/models$/;

export function matches(method: string, path: string): boolean {
  return (method === 'POST' && MODEL_PATH.test(path)) || (method === 'GET' && MODEL_LIST_PATH.test(path));
}

/** Gemini CLI's tools for the generic calls (from 0.61.0's request: write_file{file_path,content}, run_shell_command{command}). */
const TOOLS: Record<ScriptedToolCall['tool'], readonly string[]> = { writeFile: ['write_file'], shell: ['run_shell_command'] };

interface Part {
  text?: string;
  thought?: boolean;
  functionCall?: unknown;
  functionResponse?: unknown;
}

interface GenerateContentBody {
  contents?: { role?: string; parts?: Part[] }[];
  tools?: { functionDeclarations?: { name?: string }[] }[];
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; responseSchema?: unknown };
}

export function handle(req: IncomingMessage, body: unknown, res: ServerResponse, ctx: ProtocolContext): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (req.method === 'GET') {
    ctx.record({ answered: 'models' });
    sendJson(res, 200, { models: [{ name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro (scripted)', supportedGenerationMethods: ['generateContent', 'countTokens'] }] });
    return;
  }
  const [, model = 'gemini-2.5-pro', method] = MODEL_PATH.exec(path) ?? [];
  const request = (body ?? {}) as GenerateContentBody;
  if (method === 'countTokens') {
    ctx.record({ answered: 'countTokens' });
    sendJson(res, 200, { totalTokens: Math.max(1, Math.round(JSON.stringify(request.contents ?? []).length / 4)) });
    return;
  }
  const declared = (request.tools ?? []).flatMap((t) => t.functionDeclarations ?? []).map((f) => f.name ?? '').filter(Boolean);
  ctx.record({ declaredTools: declared });
  const turn = (declared.length > 0 ? ctx.nextTurn(userText(request)) : undefined) ?? ctx.fallback;
  ctx.record({ answered: turn.kind });
  if (turn.kind === 'rateLimit') {
    const seconds = turn.retryAfterSeconds ?? 1;
    // Google's shape for a quota refusal: HTTP 429, status RESOURCE_EXHAUSTED, a RetryInfo detail.
    sendJson(
      res,
      429,
      {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota). Scripted by the test model server.',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` }],
        },
      },
      { 'retry-after': String(seconds) },
    );
    return;
  }
  if (turn.kind === 'error') {
    const status = turn.status ?? 500;
    sendJson(res, status, { error: { code: status, message: turn.message ?? 'Scripted error from the test model server.', status: 'INTERNAL' } });
    return;
  }
  const jsonAnswer = declared.length === 0 ? jsonForSchema(request.generationConfig) : undefined;
  const parts: Part[] = jsonAnswer !== undefined ? [{ text: jsonAnswer }] : responseParts(turn, declared);
  const usageMetadata = geminiUsage(turn.usage);
  const modelVersion = model;
  if (method === 'generateContent') {
    sendJson(res, 200, { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion, responseId: nextId('resp_') });
    return;
  }
  const sse = startSse(res);
  const responseId = nextId('resp_');
  // Text first (the CLI streams it), then the calls with the finish reason and the usage.
  const textParts = parts.filter((p) => p.text !== undefined);
  const callParts = parts.filter((p) => p.text === undefined);
  if (textParts.length > 0 && callParts.length > 0) {
    sse.send(undefined, { candidates: [{ content: { role: 'model', parts: textParts }, index: 0 }], modelVersion, responseId });
    sse.send(undefined, { candidates: [{ content: { role: 'model', parts: callParts }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion, responseId });
  } else {
    sse.send(undefined, { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion, responseId });
  }
  sse.end();
}

function responseParts(turn: Extract<ScriptedTurn, { kind: 'text' | 'toolCalls' }>, declared: readonly string[]): Part[] {
  if (turn.kind === 'text') return [{ text: turn.text }];
  const parts: Part[] = turn.text ? [{ text: turn.text }] : [];
  for (const call of turn.calls) {
    const toolName = pickTool(call, declared, TOOLS);
    if (!toolName) {
      parts.push({ text: `(model server: the CLI declared no tool for ${call.tool}; it declared ${declared.join(', ')})` });
      continue;
    }
    const args = call.tool === 'writeFile' ? { file_path: call.path, content: call.content } : { command: call.command, description: 'scripted command' };
    parts.push({ functionCall: { id: nextId('fc_'), name: toolName, args } });
  }
  return parts;
}

/**
 * Gemini counts cached tokens INSIDE promptTokenCount; the script's `input` is the uncached part, so
 * the prompt count is input + cacheRead. No thoughts are scripted (thoughtsTokenCount 0).
 */
function geminiUsage(usage: ScriptedUsage | undefined): Record<string, number> {
  const cached = usage?.cacheRead ?? 0;
  const prompt = (usage?.input ?? 0) + cached;
  const output = usage?.output ?? 0;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: output,
    totalTokenCount: prompt + output,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
  };
}

/** A JSON text fitting a side call's response schema (required properties only), or undefined when it wants none. */
function jsonForSchema(config: GenerateContentBody['generationConfig']): string | undefined {
  const schema = config?.responseJsonSchema ?? config?.responseSchema;
  if (!schema && config?.responseMimeType !== 'application/json') return undefined;
  return JSON.stringify(sampleOf(schema));
}

interface Schema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

function sampleOf(schema: unknown): unknown {
  const s = (schema ?? {}) as Schema;
  // "user" wherever it is offered: the next-speaker check then hands the turn back instead of looping.
  if (Array.isArray(s.enum)) return s.enum.includes('user') ? 'user' : s.enum[0];
  switch ((s.type ?? 'object').toLowerCase()) {
    case 'string':
      return 'scripted';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default: {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? Object.keys(s.properties ?? {})) out[key] = sampleOf(s.properties?.[key]);
      return out;
    }
  }
}

/** All user text of the request (text parts of `user` contents), where the task's marker is. */
function userText(request: GenerateContentBody): string {
  return (request.contents ?? [])
    .filter((c) => c.role === 'user')
    .flatMap((c) => c.parts ?? [])
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .filter(Boolean)
    .join('\n');
}
