// Device discovery for the support view: serial ports from `SerialPort.list()` (udev on Linux), and, where that
// fails, a scan of /dev for the usual device names; Linux usblp printers (`/dev/usb/lp*`) always come from /dev.
// Never imports the service, the renderer or electron.
import { promises as fs } from 'node:fs';
import { SerialPort } from 'serialport';

export interface DiscoveredPort {
  path: string;
  kind: 'serial' | 'usb-serial' | 'usblp';
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  /** Where the entry came from. */
  source: 'serialport' | 'dev-scan';
}

export interface DiscoveryResult {
  ports: DiscoveredPort[];
  /** Set when `SerialPort.list()` failed and the list comes from scanning /dev: says why. */
  fallbackReason?: string;
}

export interface DiscoveryDeps {
  list: () => Promise<{ path: string; manufacturer?: string; vendorId?: string; productId?: string; serialNumber?: string }[]>;
  readdir: (dir: string) => Promise<string[]>;
  platform: NodeJS.Platform;
}

const defaultDeps: DiscoveryDeps = {
  list: () => SerialPort.list(),
  readdir: (dir) => fs.readdir(dir),
  platform: process.platform,
};

const SERIAL_NAMES = /^(ttyS\d+|ttyUSB\d+|ttyACM\d+)$/;

function kindOf(path: string): DiscoveredPort['kind'] {
  if (path.startsWith('/dev/usb/lp')) return 'usblp';
  return /ttyUSB|ttyACM/.test(path) ? 'usb-serial' : 'serial';
}

const byPath = (a: DiscoveredPort, b: DiscoveredPort) => a.path.localeCompare(b.path, 'en', { numeric: true });

async function scanDir(deps: DiscoveryDeps, dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await deps.readdir(dir)).filter((n) => pattern.test(n)).map((n) => `${dir}/${n}`);
  } catch {
    // The directory does not exist (no usblp module loaded, no USB printer): nothing to list.
    return [];
  }
}

/**
 * List serial ports and Linux usblp printers. `SerialPort.list()` needs udevadm on Linux; when it throws (minimal
 * images, containers) the result comes from a /dev scan, with `fallbackReason` carrying the original error.
 */
export async function discoverSerialPorts(deps: Partial<DiscoveryDeps> = {}): Promise<DiscoveryResult> {
  const d: DiscoveryDeps = { ...defaultDeps, ...deps };
  const ports: DiscoveredPort[] = [];
  let fallbackReason: string | undefined;
  try {
    for (const p of await d.list()) {
      ports.push({
        path: p.path,
        kind: kindOf(p.path),
        source: 'serialport',
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      });
    }
  } catch (e) {
    fallbackReason = `SerialPort.list() failed (${e instanceof Error ? e.message : String(e)}); scanned /dev instead`;
    if (d.platform !== 'win32') {
      for (const path of await scanDir(d, '/dev', SERIAL_NAMES)) ports.push({ path, kind: kindOf(path), source: 'dev-scan' });
    }
  }
  if (d.platform === 'linux') {
    for (const path of await scanDir(d, '/dev/usb', /^lp\d+$/)) {
      if (!ports.some((p) => p.path === path)) ports.push({ path, kind: 'usblp', source: 'dev-scan' });
    }
  }
  ports.sort(byPath);
  return fallbackReason === undefined ? { ports } : { ports, fallbackReason };
}
