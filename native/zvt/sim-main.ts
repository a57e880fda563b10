// Standalone PT simulator: `npm run sim:pinpad -- --port <tty path | tcp://127.0.0.1:20007> [--state file]
// [--scenario name] [--timer-scale f] [--quiet]`. Prints every frame (hex + meaning). Never imports the service.
import { parseLinkAddress, openLink } from '../link/byte-link';
import { PtSimulator } from './simulator';
import { scaleTimers } from './zvt-transport';

interface Args {
  port: string;
  state: string;
  scenario: string | undefined;
  timerScale: number;
  quiet: boolean;
}

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: npm run sim:pinpad -- --port <tty path | tcp://127.0.0.1:20007> [--state pinpad-sim.json] [--scenario approve]\n' +
      '       [--timer-scale 1] [--quiet]\n' +
      'scenarios (comma-separated): approve, decline[:rc], customer-abort, pin-timeout, abort-refused, status:<hex>,\n' +
      '  card:mastercard|visa|girocard, drop-ack:<ecr step>, lose-frame:<ecr step>[:n], auto-reversal, corrupt-crc:<pt step>[:n],\n' +
      '  nak-storm, duplicate-frame:<pt step>, split-below-t1:<pt step>, split-above-t1:<pt step>, crash-at:<step>, card-delay:<ms>',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: '', state: 'pinpad-sim.json', scenario: undefined, timerScale: 1, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--port') args.port = value();
    else if (a === '--state') args.state = value();
    else if (a === '--scenario') args.scenario = value();
    else if (a === '--timer-scale') args.timerScale = Number(value());
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!args.port) usage('--port is required');
  if (!(args.timerScale > 0)) usage('--timer-scale must be > 0');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const timers = scaleTimers(args.timerScale);
  const sim = new PtSimulator({ stateFile: args.state, timers, ...(args.scenario ? { scenario: args.scenario } : {}) });
  if (!args.quiet) {
    sim.onEvent((e) => {
      const t = new Date(e.at).toISOString().slice(11, 23);
      const arrow = e.direction === 'in' ? 'ECR→PT' : e.direction === 'out' ? 'PT→ECR' : '      ';
      console.log(`${t} ${arrow} ${e.kind.padEnd(12)} ${e.meaning}${e.hex ? `  [${e.hex}]` : ''}`);
    });
  }
  const address = parseLinkAddress(args.port);
  let stop: () => Promise<void>;
  if (address.kind === 'tcp') {
    const server = await sim.listen({ host: address.host, port: address.port });
    console.log(`PT simulator listening on tcp://${address.host}:${server.port} (state ${args.state})`);
    stop = async () => {
      await sim.stop();
    };
  } else {
    address.options.stopBits = 2; // ZVT serial is 8N2 (PA00P016 §2.1)
    const link = await openLink(address);
    sim.attach(link, 'serial');
    console.log(`PT simulator on ${link.address} (state ${args.state})`);
    stop = async () => {
      await sim.stop();
      await link.close();
    };
  }
  void sim.whenCrashed().then((step) => {
    console.log(`simulated power loss at ${step}; state kept in ${args.state}. Restart to continue.`);
    void stop().then(() => process.exit(3));
  });
  const shutdown = () => void stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
