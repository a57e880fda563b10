// Build of the cashier renderer (React + zustand) into dist/renderer, loaded by Electron (app://) and the web host.
// Paths are relative to the repository root, where `npm run build:renderer` runs; no Node APIs are used here.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build is served at app://till/ in Electron and at / by the web host.
  base: './',
  // vite 8 transforms TSX with oxc; the automatic runtime means components need no `import React`.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The CSP forbids inline script; the preload polyfill is not needed by Chromium anyway.
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome120',
  },
});
