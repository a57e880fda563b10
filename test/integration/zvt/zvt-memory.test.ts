// The ZVT matrix over the in-memory link pair (training mode's wiring): serial framing, ACK/NAK and all faults.
import { memoryHarness } from './harness';
import { zvtMatrix } from './matrix';

zvtMatrix('the in-memory link pair (serial framing)', () => memoryHarness(0.03), { serialFaults: true });
