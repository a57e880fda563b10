// Printer transports from one address string: serial (`/dev/ttyUSB0@38400,rtscts`, `COM3@9600,xonxoff`), TCP 9100
// (`tcp://192.168.1.50:9100`, one kept-open socket so status comes back) and Linux usblp (`/dev/usb/lp0`).
// Never imports the service, the db or electron.
import { openLink, parseLinkAddress, type ByteLink } from '../link/byte-link';
import { openUsbLpLink } from './usblp-link';

export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export type PrinterAddress =
  | { kind: 'serial'; path: string; baudRate: number; flow: FlowControl }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usblp'; path: string };

/** Parse what the support tech types. Serial default 9600 8N1 without flow control (the clones' factory setting). */
export function parsePrinterAddress(text: string): PrinterAddress {
  const t = text.trim();
  if (/^\/dev\/usb\/lp\d+$/.test(t)) return { kind: 'usblp', path: t };
  if (t.startsWith('tcp://')) {
    const a = parseLinkAddress(t);
    if (a.kind !== 'tcp') throw new Error(`Not a TCP address: ${text}`);
    return { kind: 'tcp', host: a.host, port: a.port };
  }
  const [main, flowText] = t.split(',');
  const flow = (flowText ?? 'none').trim() as FlowControl;
  if (!['none', 'rtscts', 'xonxoff'].includes(flow)) throw new Error(`Unknown flow control "${flowText}" (none, rtscts, xonxoff)`);
  const a = parseLinkAddress(main!, 9600);
  if (a.kind !== 'serial') throw new Error(`Not a serial address: ${text}`);
  return { kind: 'serial', path: a.options.path, baudRate: a.options.baudRate ?? 9600, flow };
}

export function formatPrinterAddress(a: PrinterAddress): string {
  if (a.kind === 'tcp') return `tcp://${a.host}:${a.port}`;
  if (a.kind === 'usblp') return a.path;
  return `${a.path}@${a.baudRate}${a.flow === 'none' ? '' : `,${a.flow}`}`;
}

/** Bytes per second the wire can carry (8N1 = 10 bits per byte); undefined where the mechanism is the limit. */
export function lineRateBytesPerSec(a: PrinterAddress): number | undefined {
  return a.kind === 'serial' ? a.baudRate / 10 : undefined;
}

export async function openPrinterLink(address: PrinterAddress | string): Promise<ByteLink> {
  const a = typeof address === 'string' ? parsePrinterAddress(address) : address;
  if (a.kind === 'usblp') return openUsbLpLink(a.path);
  if (a.kind === 'tcp') return openLink({ kind: 'tcp', host: a.host, port: a.port });
  return openLink({
    kind: 'serial',
    options: { path: a.path, baudRate: a.baudRate, rtscts: a.flow === 'rtscts', xon: a.flow === 'xonxoff', xoff: a.flow === 'xonxoff' },
  });
}
