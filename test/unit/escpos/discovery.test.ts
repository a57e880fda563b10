// Device discovery: SerialPort.list() when it works, a /dev scan with a reason when it does not, usblp always.
import { describe, expect, it } from 'vitest';
import { discoverSerialPorts } from '../../../native/link/discovery';
import { parsePrinterAddress, formatPrinterAddress, lineRateBytesPerSec } from '../../../native/escpos/transports';

const fakeDev: Record<string, string[]> = {
  '/dev': ['ttyS0', 'ttyS10', 'ttyS2', 'ttyUSB0', 'ttyACM1', 'tty0', 'null', 'usb'],
  '/dev/usb': ['lp0', 'hiddev0'],
};
const readdir = async (dir: string) => {
  const entries = fakeDev[dir];
  if (!entries) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
  return entries;
};

describe('discoverSerialPorts', () => {
  it('falls back to scanning /dev when SerialPort.list() fails, and says why', async () => {
    const r = await discoverSerialPorts({
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
      readdir,
      platform: 'linux',
    });
    expect(r.fallbackReason).toBe('SerialPort.list() failed (spawn udevadm ENOENT); scanned /dev instead');
    expect(r.ports.map((p) => `${p.path}:${p.kind}:${p.source}`)).toEqual([
      '/dev/ttyACM1:usb-serial:dev-scan',
      '/dev/ttyS0:serial:dev-scan',
      '/dev/ttyS2:serial:dev-scan',
      '/dev/ttyS10:serial:dev-scan',
      '/dev/ttyUSB0:usb-serial:dev-scan',
      '/dev/usb/lp0:usblp:dev-scan',
    ]);
  });

  it('uses SerialPort.list() details when it works and adds usblp devices it cannot see', async () => {
    const r = await discoverSerialPorts({
      list: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'Prolific', vendorId: '067b', productId: '2303' }],
      readdir,
      platform: 'linux',
    });
    expect(r.fallbackReason).toBeUndefined();
    expect(r.ports).toEqual([
      { path: '/dev/ttyUSB0', kind: 'usb-serial', source: 'serialport', manufacturer: 'Prolific', vendorId: '067b', productId: '2303' },
      { path: '/dev/usb/lp0', kind: 'usblp', source: 'dev-scan' },
    ]);
  });

  it('no /dev/usb directory is not an error', async () => {
    const r = await discoverSerialPorts({ list: async () => [], readdir: (d) => (d === '/dev/usb' ? readdir('/nope') : readdir(d)), platform: 'linux' });
    expect(r.ports).toEqual([]);
  });

  it('runs against this machine (real SerialPort.list or the fallback) and returns well-formed entries', async () => {
    const r = await discoverSerialPorts();
    for (const p of r.ports) expect(p.path).toMatch(/^\/dev\//);
    if (r.fallbackReason !== undefined) expect(r.fallbackReason).toMatch(/^SerialPort\.list\(\) failed/);
  });
});

describe('printer addresses', () => {
  it('parses serial with baud and flow control, TCP and usblp', () => {
    expect(parsePrinterAddress('/dev/ttyUSB0@38400,rtscts')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400, flow: 'rtscts' });
    expect(parsePrinterAddress('COM3')).toEqual({ kind: 'serial', path: 'COM3', baudRate: 9600, flow: 'none' });
    expect(parsePrinterAddress('tcp://192.168.1.50:9100')).toEqual({ kind: 'tcp', host: '192.168.1.50', port: 9100 });
    expect(parsePrinterAddress('/dev/usb/lp0')).toEqual({ kind: 'usblp', path: '/dev/usb/lp0' });
    expect(() => parsePrinterAddress('/dev/ttyS0@9600,dtr')).toThrow(/flow control/);
    expect(formatPrinterAddress(parsePrinterAddress('/dev/ttyS0@115200,xonxoff'))).toBe('/dev/ttyS0@115200,xonxoff');
    expect(lineRateBytesPerSec(parsePrinterAddress('/dev/ttyS0@115200'))).toBe(11520);
  });
});
