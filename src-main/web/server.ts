/**
 * The browser shell: the renderer and the api over HTTP + WebSocket, bound to 127.0.0.1 only.
 * Every request must carry the per-run token (query `token`, header `x-tinct-token`, or the
 * HttpOnly cookie the page gets when it is opened with the token); anything else gets 403. The
 * Host header must name this server (DNS rebinding), and a WebSocket's Origin must be ours.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiError } from '../api/contract/index.js';
import { Dispatcher, type Engine, type Upload } from '../api/dispatch.js';
import { RequestSchema } from '../api/contract/validate.js';
import { CONTENT_SECURITY_POLICY } from '../api/security.js';

export interface ServerOptions {
  engine: Engine;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest upload accepted, bytes. */
  maxUpload?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COOKIE = 'tinct_token';

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const maxUpload = opts.maxUpload ?? 512 * 1024 * 1024;
  const uploads = new Map<string, Upload>();
  const dispatcher = new Dispatcher(opts.engine, (id) => {
    const up = uploads.get(id) ?? null;
    uploads.delete(id);
    return up;
  });
  let port = 0;

  const tokenOk = (req: IncomingMessage, url: URL): boolean => {
    const given = url.searchParams.get('token') ?? header(req, 'x-tinct-token') ?? cookie(req, COOKIE);
    if (!given) return false;
    const a = Buffer.from(given),
      b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hostOk = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!hostOk(req) || !tokenOk(req, url))
      return send(res, 403, 'text/plain', 'Forbidden: open the address Tinct printed, with its token.');
    try {
      if (req.method === 'POST' && url.pathname === '/api/upload') {
        const name = (url.searchParams.get('name') ?? 'upload').slice(0, 255);
        const bytes = await readBody(req, maxUpload);
        if (!bytes)
          return send(
            res,
            413,
            'application/json',
            JSON.stringify({ error: badInput(`${name}: too large to upload`) }),
          );
        const id = randomUUID();
        uploads.set(id, { name, bytes });
        // An upload that is never opened does not stay in memory for ever.
        setTimeout(() => uploads.delete(id), 10 * 60_000).unref();
        return send(res, 200, 'application/json', JSON.stringify({ upload: id }));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
      await serveStatic(res, url.pathname, url.searchParams.has('token') ? token : null);
    } catch (err) {
      send(res, 500, 'text/plain', String(err).split('\n')[0]);
    }
  });

  async function serveStatic(res: ServerResponse, pathname: string, setCookie: string | null): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(opts.rendererDir, rel));
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) return send(res, 404, 'text/plain', 'Not found');
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      body = await readFile(file);
    } catch {
      const missing = rel === 'index.html' ? 'The editor is not built: run `npm run build:renderer`.' : 'Not found';
      return send(res, 404, 'text/plain', missing);
    }
    const headers: Record<string, string> = {};
    if (setCookie) headers['set-cookie'] = `${COOKIE}=${setCookie}; HttpOnly; SameSite=Strict; Path=/`;
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body, headers);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/api/ws' || !hostOk(req) || !originOk || !tokenOk(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, dispatcher));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveSocket(ws: WebSocket, dispatcher: Dispatcher): void {
  // The photos this page opened are closed when it goes (unsaved edits stay recoverable).
  const opened = new Set<string>();
  ws.on('close', () => {
    for (const session of opened) void dispatcher.handle('close', { session }, undefined, () => {});
  });
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return ws.send(JSON.stringify({ id: -1, ok: false, error: badInput('bad request: not JSON') }));
    }
    const parsed = RequestSchema.safeParse(msg);
    if (!parsed.success) {
      const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
      return ws.send(
        JSON.stringify({ id, ok: false, error: badInput(`bad request: ${parsed.error.issues[0].message}`) }),
      );
    }
    const req = parsed.data;
    if ('cancel' in req) return dispatcher.cancel(req.cancel);
    const answer = await dispatcher.handle(req.method, req.params, req.jobId, (progress) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.id, progress }));
    });
    const session = answer.ok ? (answer.result as { session?: unknown } | null)?.session : undefined;
    if (
      typeof session === 'string' &&
      (req.method === 'open' || req.method === 'openProject' || req.method === 'reopen')
    )
      opened.add(session);
    // A reopen replaces its session as a close would.
    if (req.method === 'close' || (req.method === 'reopen' && answer.ok))
      opened.delete((req.params as { session: string }).session);
    if (ws.readyState !== ws.OPEN) {
      if (typeof session === 'string') void dispatcher.handle('close', { session }, undefined, () => {});
      return;
    }
    if (!answer.ok) return ws.send(JSON.stringify({ id: req.id, ...answer }));
    const rgba = (answer.result as { rgba?: Uint8ClampedArray } | null)?.rgba;
    if (!rgba) return ws.send(JSON.stringify({ id: req.id, ...answer }));
    // Previews go as one binary frame: a 4-byte header length, the JSON header, then the pixels.
    const head = Buffer.from(
      JSON.stringify({ id: req.id, ok: true, result: { ...(answer.result as object), rgba: null } }),
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(head.length);
    ws.send(Buffer.concat([len, head, Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength)]));
  });
}

/** Errors travel as data here as on every bridge (contract/common.ts ApiError). */
function badInput(message: string): ApiError {
  return { code: 'bad-input', message };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.destroy();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
