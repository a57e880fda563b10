import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/app-protocol';
import { contentSecurityPolicy } from '../../../electron/security-policy';

// A real folder tree: dist/renderer with the app, and a secret file NEXT to it that traversal would reach.
let base: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'till-app-protocol-'));
  const renderer = path.join(base, 'dist', 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Till</title>');
  await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log("till")');
  await writeFile(path.join(base, 'dist', 'secret.txt'), 'LEDGER KEY');
  await writeFile(path.join(base, 'secret.txt'), 'LEDGER KEY');
  handler = createAppProtocolHandler(renderer, (filePath) => readFile(filePath));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('app:// handler', () => {
  it('serves index.html for / with the CSP and the right type', async () => {
    const response = await handler(new Request('app://till/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Till</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets as JavaScript', async () => {
    const response = await handler(new Request('app://till/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("till")');
  });

  it.each([
    'app://till/../secret.txt',
    'app://till/%2e%2e/secret.txt',
    'app://till/%2e%2e/%2e%2e/secret.txt',
    'app://till/..%2fsecret.txt',
    'app://till/assets/..%2f..%2fsecret.txt',
    'app://other/index.html',
  ])('never leaks the file outside the root: %s', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('LEDGER KEY');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('answers 404 (with the CSP) for a missing file', async () => {
    const response = await handler(new Request('app://till/nope.js'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await handler(new Request('app://till/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler(new Request('app://till/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });
});
