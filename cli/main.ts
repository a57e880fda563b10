// `npm run cli -- <command>` (also the `till` bin): the support and scripting entry. Every command goes through the
// same TillService as the screens. Exit codes: 0 ok, 1 the till said no (error code printed), 2 usage.
import { parseArgs } from 'node:util';
import { COMMANDS, type CliContext, usage } from './commands';
import './core-commands';
import './sync-commands';
import './printer-commands';
import './pinpad-commands';
import { defaultDataDir } from '../service/paths';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      'data-dir': { type: 'string' },
      user: { type: 'string' },
      pin: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const words = positionals;
  if (values.help || words.length === 0) {
    console.log(usage());
    return words.length === 0 && !values.help ? 2 : 0;
  }
  // Longest command name that matches the leading words ("db check", "sale ring", "pinpad pay").
  const command = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length).find((c) => {
    const parts = c.name.split(' ');
    return parts.every((p, i) => words[i] === p);
  });
  if (!command) {
    console.error(`Unknown command: ${words.join(' ')}\n`);
    console.error(usage());
    return 2;
  }
  const args = words.slice(command.name.split(' ').length);
  const ctx: CliContext = {
    dataDir: String(values['data-dir'] ?? defaultDataDir()),
    user: values.user === undefined ? undefined : String(values.user),
    pin: values.pin === undefined ? undefined : String(values.pin),
    json: Boolean(values.json),
    argv: argv,
    args,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
  return command.run(ctx);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error & { code?: string }) => {
    console.error(`till: ${err.message}`);
    process.exit(err.code === 'USAGE' ? 2 : 1);
  },
);
