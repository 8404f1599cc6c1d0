import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from './server';

/** The server's own behaviour, without a CLI: routing, conversations by marker, recording, bounds. */
describe('scripted model server', () => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer({
      conversations: [{ marker: 'TASK-a', turns: [{ kind: 'rateLimit', retryAfterSeconds: 7, times: 2 }, { kind: 'text', text: 'hello', usage: { input: 3, output: 4 } }] }],
    });
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const anthropic = (text: string, stream = false): unknown => ({ model: 'm', stream, tools: [{ name: 'Write' }], messages: [{ role: 'user', content: text }] });

  it('plays a conversation turn by turn, a rate limit as many times as scripted, with the provider headers', async () => {
    for (let i = 0; i < 2; i++) {
      const limited = await post('/v1/messages', anthropic('do TASK-a'));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(await limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    }
    const answer = await post('/v1/messages', anthropic('do TASK-a'));
    expect(await answer.json()).toMatchObject({ content: [{ type: 'text', text: 'hello' }], usage: { input_tokens: 3, output_tokens: 4 } });
    expect(server.requestsFor('TASK-a').map((r) => r.answered)).toEqual(['rateLimit', 'rateLimit', 'text']);
  });

  it('streams the Anthropic SSE events in order', async () => {
    const res = await post('/v1/messages', anthropic('no marker here', true));
    const events = [...(await res.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('streams the Responses SSE events and ends with the usage', async () => {
    const res = await post('/v1/responses', { model: 'gpt', stream: true, tools: [{ type: 'function', name: 'exec_command' }], input: [{ role: 'user', content: [{ type: 'input_text', text: 'x' }] }] });
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(text).toContain('"input_tokens":1');
  });

  it('answers count_tokens, gives 404 for unknown paths, and records every request', async () => {
    expect(await (await post('/v1/messages/count_tokens', anthropic('x'))).json()).toMatchObject({ input_tokens: expect.any(Number) as number });
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/nowhere', answered: '404' });
  });

  it('closes by itself when its lifetime ends', async () => {
    const short = await startModelServer({ conversations: [] }, { lifetimeMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${short.url}/v1/messages`, { method: 'POST' })).rejects.toThrow();
  });
});
