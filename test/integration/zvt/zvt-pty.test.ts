// The ZVT matrix over a real socat pty pair with the real serialport binding (null-modem cable in software).
import { ptyHarness } from './harness';
import { zvtMatrix } from './matrix';

zvtMatrix('a socat pty pair (serialport)', () => ptyHarness(0.05), { serialFaults: true });
