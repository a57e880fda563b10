// `npm run sim:printer -- --port <tty path | tcp://127.0.0.1:9100> [--out dir] [--columns 48] [--encoding gb18030]`:
// a virtual ESC/POS printer on a serial device or a TCP port. Each cut-off receipt is written as SVG and PNG to the
// out folder and printed as text. Type commands on stdin to script its state (see `help`). Never imports the service.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseLinkAddress } from '../link/byte-link';
import type { TextEncoding } from './profiles';
import { VirtualPrinter, serveVirtualPrinterSerial, serveVirtualPrinterTcp } from './virtual-printer';

interface Args {
  port: string;
  out: string;
  columns: number;
  encoding: TextEncoding;
  chinese: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = get('--port');
  if (!port) {
    process.stderr.write('usage: sim:printer -- --port <tty path | tcp://127.0.0.1:9100> [--out dir] [--columns 32|42|48] [--encoding gb18030|cp936] [--chinese-at-init]\n');
    process.exit(2);
  }
  const encoding = (get('--encoding') ?? 'gb18030') as TextEncoding;
  if (encoding !== 'gb18030' && encoding !== 'cp936') throw new Error(`--encoding must be gb18030 or cp936`);
  return {
    port,
    out: resolve(get('--out') ?? 'test/artifacts/printer'),
    columns: Number(get('--columns') ?? 48),
    encoding,
    chinese: argv.includes('--chinese-at-init'),
  };
}

const HELP = `commands: paper ok|near|out · cover open|closed · offline on|off · power on|off · cutter jam|ok · slow <ms per line> · asb <hex bytes> · status · help`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const vp = new VirtualPrinter({ columns: args.columns, encoding: args.encoding, chineseAtInit: args.chinese });
  const address = parseLinkAddress(args.port, 115200);
  let close: () => Promise<void>;
  if (address.kind === 'tcp') {
    const server = await serveVirtualPrinterTcp(vp, address.port, address.host);
    close = server.close;
    process.stdout.write(`virtual printer listening on tcp://${address.host}:${server.port}\n`);
  } else {
    const served = await serveVirtualPrinterSerial(vp, address.options.path, address.options.baudRate ?? 115200);
    close = served.close;
    process.stdout.write(`virtual printer on ${address.options.path}@${address.options.baudRate}\n`);
  }
  process.stdout.write(`writing receipts to ${args.out}\n${HELP}\n`);

  // Each new piece of paper (ends with a cut) becomes one numbered SVG/PNG pair.
  let written = 0;
  const flush = () => {
    const pieces = vp.receipts().filter((p) => p.blocks.some((b) => b.type === 'cut'));
    while (written < pieces.length) {
      const doc = pieces[written]!;
      written++;
      const name = `receipt-${String(written).padStart(4, '0')}`;
      const svg = vp.svg(doc);
      writeFileSync(join(args.out, `${name}.svg`), svg);
      writeFileSync(join(args.out, `${name}.png`), vp.png(doc));
      process.stdout.write(`\n=== ${name} (${join(args.out, name)}.svg/.png) ===\n${vp.text(doc)}\n`);
    }
  };
  const timer = setInterval(flush, 200);

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmdName, arg] = line.trim().split(/\s+/);
    switch (cmdName) {
      case 'paper':
        vp.setState({ paper: arg === 'out' ? 'out' : arg === 'near' ? 'near-end' : 'ok' });
        break;
      case 'cover':
        vp.setState({ coverOpen: arg === 'open' });
        break;
      case 'offline':
        vp.setState({ offline: arg !== 'off' });
        break;
      case 'power':
        vp.setState({ powered: arg !== 'off' });
        break;
      case 'cutter':
        vp.setState({ cutterError: arg === 'jam' });
        break;
      case 'slow':
        vp.setState({ lineDelayMs: Number(arg ?? 0) || 0 });
        break;
      case 'asb':
        vp.sendRaw((arg ?? '').match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
        break;
      case 'status':
        break;
      case '':
        return;
      default:
        process.stdout.write(`${HELP}\n`);
        return;
    }
    process.stdout.write(`state ${JSON.stringify(vp.state())} · ${vp.pendingBytes} bytes waiting\n`);
  });

  const stop = async () => {
    clearInterval(timer);
    flush();
    rl.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`sim:printer: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
