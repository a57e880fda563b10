// The ZVT matrix over loopback TCP (raw APDUs, no DLE framing, one connection per transaction).
import { tcpHarness } from './harness';
import { zvtMatrix } from './matrix';

zvtMatrix('loopback TCP', () => tcpHarness(0.05), { serialFaults: false });
