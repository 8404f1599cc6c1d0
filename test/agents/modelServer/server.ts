import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOLS } from './protocols';
import type { ProtocolModule, RecordedRequest, Script, ScriptedTurn } from './script';

/**
 * A scripted model server on 127.0.0.1 for the real-CLI tests: each request is routed by its URL path
 * to the protocol module that speaks that wire format (Anthropic Messages, OpenAI Responses, ...), which
 * answers with the next turn of the conversation the request belongs to. Every request is recorded for
 * assertions. It is bounded (request count, body size, lifetime) and closes itself when its lifetime
 * ends, so a test that forgets to close it cannot keep a CI job alive.
 */

/** A request body larger than this is refused: CLI requests carry a long system prompt, but not this. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Past this many requests the server answers 503: a CLI in a retry loop must not spin forever. */
const MAX_REQUESTS = 2_000;
/** The server closes itself after this long: longer than any test in the suite. */
const DEFAULT_LIFETIME_MS = 15 * 60_000;

const DEFAULT_FALLBACK: ScriptedTurn = { kind: 'text', text: 'OK.', usage: { input: 1, output: 1 } };

export interface ModelServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests routed to a conversation, by its marker. */
  requestsFor(marker: string): RecordedRequest[];
  close(): Promise<void>;
}

export interface ModelServerOptions {
  lifetimeMs?: number;
  protocols?: readonly ProtocolModule[];
}

export async function startModelServer(script: Script, options: ModelServerOptions = {}): Promise<ModelServer> {
  const protocols = options.protocols ?? PROTOCOLS;
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  /** Per conversation: the index of its next turn, and how many times the current turn was already played. */
  const cursors = new Map<string, { index: number; played: number }>();
  const fallback = script.fallback ?? DEFAULT_FALLBACK;

  function nextTurn(conversationKey: string, entry: RecordedRequest): ScriptedTurn | undefined {
    const conversation = script.conversations.find((c) => conversationKey.includes(c.marker));
    if (!conversation) return undefined;
    entry.conversation = conversation.marker;
    const cursor = cursors.get(conversation.marker) ?? { index: 0, played: 0 };
    cursors.set(conversation.marker, cursor);
    const turn = conversation.turns[cursor.index];
    if (!turn) return undefined;
    cursor.played += 1;
    const times = turn.kind === 'rateLimit' ? (turn.times ?? 1) : 1;
    if (cursor.played >= times) {
      cursor.index += 1;
      cursor.played = 0;
    }
    return turn;
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const entry: RecordedRequest = {
      at: Date.now() - started,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: undefined,
    };
    requests.push(entry);
    if (requests.length > MAX_REQUESTS) {
      sendJson(res, 503, { error: { message: `model server: more than ${MAX_REQUESTS} requests` } });
      return;
    }
    readBody(req).then(
      (raw) => {
        if (raw === undefined) {
          sendJson(res, 413, { error: { message: `model server: body over ${MAX_BODY_BYTES} bytes` } });
          return;
        }
        const body = parseJson(raw);
        entry.body = body ?? (raw.length > 0 ? raw : undefined);
        const protocol = protocols.find((p) => p.matches(entry.method, path));
        if (!protocol) {
          entry.answered = '404';
          sendJson(res, 404, { error: { type: 'not_found_error', message: `model server: no route for ${entry.method} ${path}` } });
          return;
        }
        entry.protocol = protocol.name;
        try {
          protocol.handle(req, body, res, {
            nextTurn: (key) => nextTurn(key, entry),
            record: (details) => Object.assign(entry, details),
            fallback,
          });
        } catch (error) {
          entry.answered = 'handler threw';
          if (!res.headersSent) sendJson(res, 500, { error: { message: `model server: ${String(error)}` } });
          else res.end();
        }
      },
      () => res.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? DEFAULT_LIFETIME_MS);
  lifetime.unref();

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    requestsFor: (marker) => requests.filter((r) => r.conversation === marker),
    close,
  };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Starts an SSE response; `send(event, data)` writes one event (named when `event` is given). */
export function startSse(res: ServerResponse): { send(event: string | undefined, data: unknown): void; end(): void } {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return {
    send(event, data) {
      res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
    end() {
      res.end();
    },
  };
}
