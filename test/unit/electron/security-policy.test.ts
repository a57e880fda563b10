import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_START_URL,
  buildWebPreferences,
  contentSecurityPolicy,
  contentTypeFor,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppPath,
} from '../../../electron/security-policy';
import { CONTENT_SECURITY_POLICY } from '../../../web/server';

const root = '/opt/till/dist/renderer';

describe('resolveAppPath', () => {
  it('maps app://till paths to files under the root, / to index.html', () => {
    expect(resolveAppPath(root, 'app://till/')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://till')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, APP_START_URL)).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://till/assets/index-Bx12.js')).toBe(`${root}/assets/index-Bx12.js`);
    expect(resolveAppPath(root, 'app://till/assets/a.css?v=3#top')).toBe(`${root}/assets/a.css`);
    expect(resolveAppPath(root, 'app://till/fonts/Noto%20Sans.woff2')).toBe(`${root}/fonts/Noto Sans.woff2`);
    expect(resolveAppPath(root, 'APP://TILL/index.html')).toBe(`${root}/index.html`);
  });

  it.each([
    ['raw parent segments', 'app://till/../../etc/passwd'],
    ['parent segment mid-path', 'app://till/assets/../../secret'],
    ['folded parent segment', 'app://till/assets/../index.html'],
    ['dot segment', 'app://till/./index.html'],
    ['encoded dots', 'app://till/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dots', 'app://till/%2E%2e/secret'],
    ['half-encoded dots', 'app://till/.%2e/secret'],
    ['encoded slash', 'app://till/..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://till/..%5c..%5cwindows%5cwin.ini'],
    ['raw backslash', 'app://till/..\\..\\secret'],
    ['double-encoded dots stay literal but still refused', 'app://till/%252e%252e/secret'],
    ['absolute path via empty segment', 'app://till//etc/passwd'],
    ['encoded absolute path', 'app://till/%2fetc%2fpasswd'],
    ['drive letter', 'app://till/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://till/C%3a%5cWindows'],
    ['NUL byte', 'app://till/index.html%00.png'],
    ['malformed percent-encoding', 'app://till/%E0%A4%A'],
    ['trailing slash (directory)', 'app://till/assets/'],
    ['another host', 'app://evil/index.html'],
    ['a host that merely starts with till', 'app://till.evil/index.html'],
    ['credentials', 'app://user:pw@till/index.html'],
    ['a port', 'app://till:8080/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['http', 'http://till/index.html'],
    ['not a URL', '/etc/passwd'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    // The double-encoded case decodes once to "%2e%2e", a literal (harmless) name; refusing it is not required,
    // so that one only has to stay inside the root.
    const resolved = resolveAppPath(root, url);
    if (url.includes('%252e')) {
      expect(resolved === null || resolved.startsWith(`${root}/`)).toBe(true);
    } else {
      expect(resolved).toBeNull();
    }
  });

  it('refuses a relative root', () => {
    expect(resolveAppPath('dist/renderer', 'app://till/index.html')).toBeNull();
  });

  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '', '%2e%2e', '%2E.', '%2f', '%5c', '%00', 'C:', '\\', 'a', 'index.html', '%', '%zz'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const resolved = resolveAppPath(root, `app://till/${segments.join('/')}`);
        if (resolved === null) return;
        expect(resolved.startsWith(`${root}${path.sep}`)).toBe(true);
        expect(path.relative(root, resolved).split(path.sep)).not.toContain('..');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isTrustedSender', () => {
  it('trusts the till origin only', () => {
    expect(isTrustedSender('app://till/')).toBe(true);
    expect(isTrustedSender('app://till/index.html')).toBe(true);
    expect(isTrustedSender('app://till/index.html#/pay')).toBe(true);
  });

  it.each([
    'http://evil.example/',
    'https://till/',
    'file:///work/main/dist/renderer/index.html',
    'app://other/',
    'app://till.evil/',
    'app://evil/app://till/',
    'app://till@evil/',
    'app://user@till/',
    'app://till:1234/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('rejects %s', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender({ toString: () => 'app://till/' })).toBe(false);
  });
});

describe('isNavigationAllowed', () => {
  it('allows moving between till pages and nothing else', () => {
    expect(isNavigationAllowed('app://till/index.html')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('app://other/')).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'clipboard-read',
    'clipboard-sanitized-write',
    'serial',
    'hid',
    'usb',
    'fullscreen',
    'openExternal',
    'pointerLock',
    'display-capture',
    'unknown',
    'a-permission-chromium-adds-next-year',
  ])('denies %s, even for the till origin', (permission) => {
    expect(isPermissionAllowed(permission, 'app://till/')).toBe(false);
    expect(isPermissionAllowed(permission)).toBe(false);
  });
});

describe('buildWebPreferences', () => {
  const preload = '/opt/till/dist/electron/preload.cjs';

  it('isolates and sandboxes the renderer', () => {
    const prefs = buildWebPreferences(preload, true);
    expect(prefs).toMatchObject({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('turns DevTools off in a packaged build only', () => {
    expect(buildWebPreferences(preload, true).devTools).toBe(false);
    expect(buildWebPreferences(preload, false).devTools).toBe(true);
  });

  it('keeps every security setting the same in development', () => {
    const { devTools: _packaged, ...packaged } = buildWebPreferences(preload, true);
    const { devTools: _dev, ...dev } = buildWebPreferences(preload, false);
    expect(dev).toEqual(packaged);
  });

  it('refuses a relative preload path (it would resolve against the working directory)', () => {
    expect(() => buildWebPreferences('dist/electron/preload.cjs', true)).toThrow(/absolute/);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = new Map(
    contentSecurityPolicy()
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

  it('has the till directives', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('is the web host’s policy, directive for directive (one renderer, two hosts)', () => {
    const parse = (policy: string) =>
      Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.sort()]));
    expect(parse(contentSecurityPolicy())).toEqual(parse(CONTENT_SECURITY_POLICY));
  });

  it('allows no inline or evaluated script and no foreign origin', () => {
    for (const values of directives.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
      expect(values).not.toContain('*');
      expect(values.some((value) => /^(https?:|blob:|filesystem:)/.test(value))).toBe(false);
    }
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });
});

describe('small helpers', () => {
  it('serves the renderer files with their types', () => {
    expect(contentTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/r/assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/r/assets/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/r/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/r/unknown.bin')).toBe('application/octet-stream');
  });
});
