import { defineConfig } from 'vitest/config';

// One runner for the whole suite: unit (pure), integration (real SQLite files, ptys, loopback TCP,
// child processes) and e2e (Debian's Chromium against the real web host). Each file gets its own
// process (forks) because better-sqlite3 and serialport hold native handles.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
