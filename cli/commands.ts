// The CLI's command registry. Each command names itself ("db check"), documents its options, and runs against a
// TillService opened from --data-dir. Device commands (pinpad, printer, sync, report) add themselves here.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openTill } from '../service/open-till';
import type { Result, TillService } from '../service/contract';
import { formatAmount } from '../core/money';

export interface CliContext {
  dataDir: string;
  user?: string;
  pin?: string;
  json: boolean;
  argv: string[];
  args: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(ctx: CliContext): Promise<number>;
}

export function usageError(message: string): never {
  throw Object.assign(new Error(message), { code: 'USAGE' });
}

/** Options after the command words, parsed strictly so a typo is an error, not a silent default. */
type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
export function options(ctx: CliContext, spec: OptionSpec): { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] } {
  return parseArgs({
    args: ctx.argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...spec,
      'data-dir': { type: 'string' },
      user: { type: 'string' },
      pin: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function withTill<T>(ctx: CliContext, fn: (till: TillService) => Promise<T>): Promise<T> {
  const till = await openTill({ dataDir: ctx.dataDir });
  try {
    return await fn(till);
  } finally {
    await till.close();
  }
}

/** Unwrap a Result; on an error print code + message and exit 1 through the caller. */
export function must<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
}

export async function login(ctx: CliContext, till: TillService, defaultUser?: string): Promise<void> {
  const username = ctx.user ?? defaultUser;
  if (!username || !ctx.pin) usageError('This command needs --user <name> --pin <pin>.');
  must(await till.call('session.login', { username, pin: ctx.pin }));
}

export function parseMinor(text: string | undefined, name: string): number {
  if (text === undefined || !/^\d{1,13}$/.test(text)) usageError(`${name} must be a whole number of minor units (e.g. 1250 for 12.50), got "${text ?? ''}"`);
  return Number(text);
}

export function print(ctx: CliContext, value: unknown, human: () => string[]): void {
  if (ctx.json) ctx.out(JSON.stringify(value, null, 2));
  else for (const line of human()) ctx.out(line);
}

export function money(amount: number, currency: string): string {
  return formatAmount(amount, currency, { symbol: false });
}

const registry: Command[] = [];
export function register(...commands: Command[]): void {
  registry.push(...commands);
}
export const COMMANDS: readonly Command[] = registry;

export function usage(): string {
  const width = Math.max(...registry.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [options]   (or: till <command>)',
    '',
    'Commands:',
    ...registry.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --data-dir <dir> (default: TILL_DATA_DIR or the per-user app-data folder), --user <name> --pin <pin>, --json',
    'Amounts are whole minor units (1250 = 12.50).',
  ].join('\n');
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return usageError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}
