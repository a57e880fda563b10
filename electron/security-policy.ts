// The Electron shell's security policy as pure functions (origin, paths, permissions, CSP, webPreferences).
// Must never import 'electron' or touch I/O: these run under vitest on plain Node, where 'electron' throws.
import path from 'node:path';

/** The renderer's one origin. Registered as a standard, secure scheme so it gets a real origin and CSP 'self'. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'till';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Parses with the WHATWG URL parser: prefix checks such as startsWith('app://till') are fooled by app://till.evil. */
function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for the till's own pages: scheme app:, host till, no credentials, no port. */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** IPC sender check (Electron checklist item 17): only frames showing app://till/… may call the service. */
export function isTrustedSender(url: unknown): boolean {
  return isAppUrl(url);
}

/** Navigation policy: the window may only move between the till's own pages; everything else is refused. */
export function isNavigationAllowed(url: unknown): boolean {
  return isAppUrl(url);
}

/**
 * Permission policy: deny everything. An unset handler makes Electron GRANT every request, and the renderer needs
 * none: serial ports, HID, USB, camera, clipboard reads and notifications all stay in the main process.
 */
export function isPermissionAllowed(_permission: string, _requestingOrigin?: string): boolean {
  return false;
}

/**
 * The Content-Security-Policy sent on every app:// response: no inline or foreign script, no plugins, no framing, no
 * form posts. It is the web host's policy directive for directive (a test holds them together): the same renderer
 * runs in both, and the e2e suite can only catch a CSP breakage (say, a data: image) if Electron is not stricter.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The subset of Electron's WebPreferences the till sets; kept local so this file needs no electron types. */
export interface TillWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  devTools: boolean;
}

/**
 * The main window's webPreferences. Every security default is spelled out even where Electron already defaults to
 * it, so an upgrade that changes a default cannot weaken the till silently. DevTools only in unpackaged runs.
 */
export function buildWebPreferences(preloadPath: string, isPackaged: boolean): TillWebPreferences {
  if (!path.isAbsolute(preloadPath)) throw new Error(`preload path must be absolute: ${preloadPath}`);
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: !isPackaged,
  };
}

/**
 * Maps an app:// request URL to a file under rootDir, or null when it must be refused: another scheme or host,
 * credentials or a port, `..` or `.` segments (raw or percent-encoded), encoded slashes or backslashes, NUL,
 * drive letters, empty segments (`//etc/passwd`), or anything that resolves outside rootDir. `/` serves index.html.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  if (!path.isAbsolute(rootDir)) return null;
  if (!isAppUrl(requestUrl)) return null;
  // Judge the RAW path, not the parser's: the WHATWG parser silently folds `..` and `%2e%2e` segments, which would
  // turn a probe into a harmless-looking path; a till never requests such paths, so any of them is refused.
  const rawPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(requestUrl)?.[1] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  if (!decoded.startsWith('/')) return null;

  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
    // Backslash is a separator on Windows, ':' starts a drive or an NTFS stream, NUL truncates in C APIs.
    if (/[\\:\0]/.test(segment)) return null;
  }

  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, ...segments);
  const relative = path.relative(root, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}

/** Content types for the files a Vite build emits; anything else is served as opaque bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
