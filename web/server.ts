// The loopback web host: the same TillService as Electron, as POST /api/<method> (JSON in, Result JSON out) and
// GET /api/events (Server-Sent Events), plus the built renderer. Plain node:http; binds 127.0.0.1 unless told otherwise.
import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TillService } from '../service/contract';

export interface WebHostOptions {
  service: TillService;
  port?: number;
  host?: string;
  /** Binding to anything but loopback exposes the till to the network: refused unless explicitly allowed. */
  allowNonLoopback?: boolean;
  staticDir?: string;
  /** Largest request body accepted (the catalogue CSV import is the largest legitimate one). */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The same policy Electron sends for app:// responses. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Resolve a URL path inside the static root; null for anything that would escape it. */
export function safeStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const full = resolve(root, relative);
  const rootResolved = resolve(root);
  if (full !== rootResolved && !full.startsWith(rootResolved + sep)) return null;
  return full;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { code: 'BODY_TOO_LARGE' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.allowNonLoopback) {
    throw new Error(`Refusing to listen on ${host}: the till's web host serves loopback only. Pass --allow-remote to override.`);
  }
  const { service } = options;
  const staticDir = options.staticDir;
  const maxBody = options.maxBodyBytes ?? 80 * 1024 * 1024;
  const sseClients = new Set<http.ServerResponse>();
  let hostNames = new Set<string>();
  const allowedHost = (value: string | undefined) => value !== undefined && hostNames.has(value.toLowerCase());
  const allowedOrigin = (value: string) => {
    try {
      const u = new URL(value);
      return u.protocol === 'http:' && hostNames.has(u.host.toLowerCase());
    } catch {
      return false;
    }
  };

  const unsubscribe = service.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Every answer carries the same policy, error pages included.
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      // DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 still says Host: evil.example. Only our own
      // names are served. A browser page from another origin is refused by its Origin header.
      if (!allowedHost(req.headers.host)) return sendJson(res, 421, { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown host' } });
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigin(origin)) {
        return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Cross-origin requests are refused' } });
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        sseClients.add(res);
        req.on('close', () => sseClients.delete(res));
        return;
      }
      if (url.pathname === '/api/health') return sendJson(res, 200, { ok: true });
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST' } });
        // A browser on another origin cannot read our answers, but it could still send a simple POST: require JSON.
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Send application/json' } });
        }
        const method = url.pathname.slice('/api/'.length);
        let input: unknown;
        try {
          const body = await readBody(req, maxBody);
          input = body.trim() === '' ? {} : JSON.parse(body);
        } catch (err) {
          const tooLarge = (err as { code?: string }).code === 'BODY_TOO_LARGE';
          return sendJson(res, tooLarge ? 413 : 400, {
            ok: false,
            error: { code: 'VALIDATION_FAILED', message: tooLarge ? 'Request too large' : 'Request body is not valid JSON' },
          });
        }
        const result = await service.call(method, input);
        return sendJson(res, 200, result);
      }
      if (!staticDir) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No renderer built' } });
      let file = safeStaticPath(staticDir, url.pathname === '/' ? '/index.html' : url.pathname);
      if (!file) {
        res.writeHead(400).end();
        return;
      }
      if (!existsSync(file) || !statSync(file).isFile()) file = join(staticDir, 'index.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Renderer not built: run npm run build:renderer');
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      createReadStream(file).pipe(res);
    } catch (err) {
      sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } });
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  hostNames = new Set([...['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`), ...(LOOPBACK.has(host) ? [] : [`${host}:${port}`])]);
  const keepAlive = setInterval(() => {
    for (const client of sseClients) client.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        clearInterval(keepAlive);
        unsubscribe();
        for (const client of sseClients) client.end();
        sseClients.clear();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
