// Test support: a linked pair of pseudo-terminals from socat, so a driver and a simulator talk over real ptys
// through the real serialport binding, as they would over a null-modem cable.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'till-pty-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 5000;
  // Bounded wait: socat prints "starting data transfer loop" once both ends exist.
  while (!(existsSync(a) && existsSync(b) && stderr.includes('starting data transfer loop'))) {
    if (child.exitCode !== null) throw new Error(`socat exited: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not start within 5 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
