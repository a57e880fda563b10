// Serves the built renderer for app://till/ (the handler protocol.handle calls): traversal guard, CSP, MIME types.
// Must never import 'electron': main.ts passes it to protocol.handle, tests call it with a plain Request.
import { contentSecurityPolicy, contentTypeFor, resolveAppPath } from './security-policy';

export type ReadFile = (filePath: string) => Promise<Uint8Array>;

/** Headers on every app:// answer, errors included: the CSP must hold even on a 404 page. */
function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Builds the app:// handler over rootDir (dist/renderer). Only GET/HEAD; a refused path is 404 rather than 403 so a
 * probe learns nothing about what exists outside the root.
 */
export function createAppProtocolHandler(rootDir: string, readFile: ReadFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const filePath = resolveAppPath(rootDir, request.url);
    if (filePath === null) return refuse(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(filePath);
    } catch {
      return refuse(404, 'Not found');
    }
    const headers = { ...securityHeaders(), 'Content-Type': contentTypeFor(filePath) };
    // Copy into a fresh ArrayBuffer-backed view: Response accepts it on every runtime (Node's Buffer pool included).
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
