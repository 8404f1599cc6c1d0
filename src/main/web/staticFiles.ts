import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { SECURITY_HEADERS } from './securityHeaders';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built renderer at `pathname` (already decoded: see decodeRequestPath); any path outside
 * `root` is refused, unknown paths fall back to index.html.
 */
export async function serveStatic(root: string, pathname: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = path.resolve(root, '.' + pathname);
  if (file !== root && !file.startsWith(root + path.sep)) {
    response.writeHead(403, SECURITY_HEADERS).end('Forbidden');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    // A missing asset is a 404 (an old page asking for a chunk a rebuild replaced), not the app's page.
    if (path.extname(pathname) !== '' && !info) {
      response.writeHead(404, SECURITY_HEADERS).end('Not found');
      return;
    }
    file = path.join(root, 'index.html');
  }
  try {
    const body = await readFile(file);
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(404, SECURITY_HEADERS).end('Not found (was the renderer built? run "npm run build")');
  }
}
