import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { MAX_CLIENT_FRAME_BYTES, TOKEN_PARAM } from '../../shared/wire';
import type { Core } from '../core/createCore';
import { allowedHosts, checkUpgrade } from './checkUpgrade';
import { decodeRequestPath, loggableTarget } from './requestPath';
import { SECURITY_HEADERS } from './securityHeaders';
import { attachSocketSession } from './socketSession';
import { serveStatic } from './staticFiles';

/** Loopback only: the browser host hands out full control of the repository to whoever connects. */
export const LOOPBACK = '127.0.0.1';
/** 24 random bytes: unguessable, short enough for a URL. */
const TOKEN_BYTES = 24;

export interface WebHostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  log?: (line: string) => void;
  /** For tests; a fresh random token otherwise. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((line: string) => console.error(`[wavelane serve] ${line}`));
  const token = options.token ?? randomBytes(TOKEN_BYTES).toString('base64url');
  let port = options.port;

  const server: Server = createServer((request, response) => {
    if (!request.headers.host || !allowedHosts(port).includes(request.headers.host)) {
      log(`refused HTTP request with Host ${JSON.stringify(request.headers.host ?? '')}`);
      response.writeHead(403, SECURITY_HEADERS).end('Forbidden host');
      return;
    }
    const pathname = decodeRequestPath(request.url);
    if (!pathname.ok) {
      log(`refused HTTP request for ${loggableTarget(request.url)}: ${pathname.error.message}`);
      response.writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request path');
      return;
    }
    serveStatic(options.rendererDir, pathname.value, request, response).catch((error: unknown) => {
      log(`failed to serve ${loggableTarget(request.url)}: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const verdict = checkUpgrade(
      { url: request.url, origin: request.headers.origin, host: request.headers.host },
      token,
      port,
    );
    if (!verdict.ok) {
      log(`refused WebSocket from ${request.socket.remoteAddress}: ${verdict.reason}`);
      // The reason goes to our log only: it may echo client-supplied headers.
      const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.end(`HTTP/1.1 ${verdict.status} ${STATUS_CODES[verdict.status]}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachSocketSession(ws, options.core, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
