import { mkdir, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCore, type Core } from '../core/createCore';
import { createTempRepo, makeTempDir } from '../core/testing/tempRepo';
import { CLOSE_FELL_BEHIND } from '../../shared/wire';
import { FELL_BEHIND_REASON, MAX_SOCKET_BUFFERED_BYTES } from './socketSession';
import { startWebHost, type WebHost } from './webHost';

interface Client {
  socket: WebSocket;
  request(name: string, input: unknown): Promise<unknown>;
  events: unknown[];
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const waiting = new Map<number, (value: unknown) => void>();
    const events: unknown[] = [];
    let id = 0;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'response') waiting.get(frame.id)?.(frame.outcome);
      else events.push(frame);
    });
    socket.on('open', () =>
      resolve({
        socket,
        events,
        request: (name, input) =>
          new Promise((done) => {
            const frameId = ++id;
            waiting.set(frameId, done);
            socket.send(JSON.stringify({ type: 'request', id: frameId, name, input }));
          }),
      }),
    );
    socket.on('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.on('error', reject);
  });
}

describe('browser host (real server, real sockets)', () => {
  let host: WebHost | undefined;
  let core: Core | undefined;
  const logs: string[] = [];
  afterEach(async () => {
    await host?.close();
    await core?.dispose();
    logs.length = 0;
  });

  async function start() {
    const rendererDir = await makeTempDir();
    await mkdir(path.join(rendererDir, 'assets'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Wavelane</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    core = createCore({ host: 'web', version: '9.9.9', dataDir: rendererDir });
    host = await startWebHost({ core, rendererDir, port: 0, log: (line) => logs.push(line) });
    return host;
  }

  it('binds loopback, prints a URL with a token, and serves the renderer with a strict CSP', async () => {
    const { url, port, token } = await start();
    expect(url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(token.length).toBeGreaterThanOrEqual(32);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await page.text()).toContain('<title>Wavelane</title>');
    const script = await fetch(`http://127.0.0.1:${port}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    const escape = await fetch(`http://127.0.0.1:${port}/..%2f..%2fetc%2fpasswd`);
    expect(escape.status).toBe(403);
  });

  it('carries the contract: requests, typed errors and events', async () => {
    const { port, token } = await start();
    const repo = await createTempRepo();
    const client = await connect(`ws://127.0.0.1:${port}/ws?token=${token}`);
    expect(await client.request('app.info', {})).toMatchObject({ ok: true, value: { host: 'web', version: '9.9.9' } });
    expect(await client.request('project.open', { path: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await client.request('nope', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    expect(await client.request('project.open', { path: repo.dir })).toMatchObject({ ok: true, value: { path: repo.dir } });
    expect(client.events).toContainEqual({ type: 'event', name: 'project.changed', payload: expect.objectContaining({ path: repo.dir }) });
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ type: 'request', id: 99, name: 'app.info', input: {}, extra: 1 }));
    expect(await client.request('project.current', {})).toMatchObject({ ok: true, value: { path: repo.dir } });
    client.socket.close();
    await repo.cleanup();
  });

  it('refuses a WebSocket without the right token or from another origin, and logs why', async () => {
    const { port, token } = await start();
    await expect(connect(`ws://127.0.0.1:${port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${port}/ws?token=wrong`)).rejects.toThrow('HTTP 401');
    await expect(
      connect(`ws://127.0.0.1:${port}/ws?token=${token}`, { Origin: 'http://attacker.example' }),
    ).rejects.toThrow('HTTP 403');
    expect(logs.join('\n')).toMatch(/refused WebSocket .*no token/);
    expect(logs.join('\n')).toMatch(/refused WebSocket .*wrong token/);
    expect(logs.join('\n')).toMatch(/refused WebSocket .*unexpected Origin/);
    const accepted = await connect(`ws://127.0.0.1:${port}/ws?token=${token}`, { Origin: `http://127.0.0.1:${port}` });
    accepted.socket.close();
  });

  it('closes a client that stops reading once its unsent frames reach the cap, and keeps queueing bounded', async () => {
    const { port, token } = await start();
    const repo = await createTempRepo();
    const url = `ws://127.0.0.1:${port}/ws?token=${token}`;
    const reader = await connect(url);
    const stalled = await connect(url);
    expect(await core!.request('project.open', { path: repo.dir })).toMatchObject({ ok: true });
    // Large prompts make every board.changed event a large frame (~600 KB), as a real board with long prompts does.
    const prompt = 'x'.repeat(150_000);
    for (let i = 0; i < 4; i++) {
      await core!.request('board.saveTask', { task: { id: `big${i}`, title: `Big ${i}`, prompt, agent: 'shell' } });
    }
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      stalled.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    stalled.socket.pause();
    const fellBehind = () => logs.find((line) => line.includes('fell behind'));
    let changes = 0;
    for (; changes < 300 && !fellBehind(); changes++) {
      await core!.request('board.saveTask', { task: { id: 'small', title: `Change ${changes}`, prompt: 'true', agent: 'shell' } });
    }
    const line = fellBehind();
    expect(line, `no client was closed after ${changes} board changes`).toBeDefined();
    const unsent = Number(/(\d+) bytes unsent/.exec(line!)?.[1]);
    expect(unsent).toBeLessThanOrEqual(MAX_SOCKET_BUFFERED_BYTES);
    // More changes after the close queue nothing for the stalled client (it is logged once, not per change).
    for (let i = 0; i < 20; i++) {
      await core!.request('board.saveTask', { task: { id: 'small', title: `After ${i}`, prompt: 'true', agent: 'shell' } });
    }
    expect(logs.filter((entry) => entry.includes('fell behind'))).toHaveLength(1);
    stalled.socket.resume();
    expect(await closed).toEqual({ code: CLOSE_FELL_BEHIND, reason: FELL_BEHIND_REASON });
    // The client that kept reading is still connected and saw the last change.
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
    expect(await reader.request('board.get', {})).toMatchObject({ ok: true });
    reader.socket.close();
    await repo.cleanup();
  });

  it('answers malformed paths with 400, refusals and errors with the security headers, and never logs the token', async () => {
    const { port, token } = await start();
    const base = `http://127.0.0.1:${port}`;
    const expectHardened = (headers: Record<string, string | string[] | undefined>, what: string) => {
      expect(headers['content-security-policy'], what).toContain("default-src 'self'");
      expect(headers['x-content-type-options'], what).toBe('nosniff');
      expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
      expect(headers['cross-origin-resource-policy'], what).toBe('same-origin');
      expect(headers['permissions-policy'], what).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
    };
    for (const target of [`/%E0%A4%A?token=${token}`, `/%c0%ae%c0%ae/?token=${token}`, `/%00?token=${token}`]) {
      const answer = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect(answer.status, target).toBe(400);
      expectHardened(answer.headers, target);
    }
    // An absolute-form target that is not a URL, on a plain request and on an upgrade: 400, and the host lives on.
    const notUrl = await rawRequest(port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(notUrl.status).toBe(400);
    const upgrade = await rawRequest(
      port,
      `GET http://[?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade.status).toBe(400);
    expectHardened(upgrade.headers, 'refused upgrade');
    const foreign = await rawRequest(port, `GET /?token=${token} HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`);
    expect(foreign.status).toBe(403);
    expectHardened(foreign.headers, '403 for a foreign Host');
    const missing = await fetch(`${base}/assets/gone.js`);
    expect(missing.status).toBe(404);
    expectHardened(headersOf(missing), '404');
    const page = await fetch(`${base}/`);
    expectHardened(headersOf(page), 'the page');
    await expect(connect(`ws://127.0.0.1:${port}/elsewhere?token=${token}`)).rejects.toThrow('HTTP 404');
    expect(logs.join('\n')).toMatch(/refused HTTP request for "\/%E0%A4%A\?<query withheld>": .*percent-escape/);
    expect(logs.join('\n')).not.toContain(token);
    expect((await fetch(`${base}/`)).status).toBe(200);
  });
});

/** One raw HTTP exchange (fetch would normalise the target and refuses to set Host); the status line and headers. */
function rawRequest(port: number, text: string): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => {
      const [head = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    });
    socket.on('error', reject);
  });
}


/** A fetch response's headers as a plain object (forEach: @xterm/headless's DOM typings hide Headers' iterator). */
function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
