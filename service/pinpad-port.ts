// The PIN pad as the service sees it: one ZvtClient at a time, connected lazily and reconnected after a lost link,
// registered (06 00) once per connection. Training mode runs the PT simulator in-process over a memory link, so the
// real driver speaks the real bytes. Never imports a host or electron.
import { join } from 'node:path';
import { connectZvt, zvtClientOn, type ZvtClient } from '../native/zvt/zvt-client';
import { startInProcessPinpad } from '../native/zvt/simulator';
import type { PtSimulator } from '../native/zvt/simulator';
import type { ZvtTimers, ZvtTraceEvent } from '../native/zvt/zvt-transport';
import type { TillConfig } from './config';

export interface PinpadPort {
  /** Where the PIN pad is, in words for the support view. */
  readonly address: string;
  readonly simulated: boolean;
  /** The connected, registered client; throws when the PIN pad cannot be reached. */
  client(): Promise<ZvtClient>;
  /** Drop the connection (after a lost link); the next client() reconnects. */
  reset(): Promise<void>;
  /** Every frame on the link of whichever client is connected (the support view's live trace). */
  onTrace(listener: (event: ZvtTraceEvent) => void): () => void;
  /** The training simulator, for tests and the support view (null with a real device). */
  readonly simulator: PtSimulator | null;
  close(): Promise<void>;
}

export interface PinpadPortOptions {
  dataDir: string;
  timers?: Partial<ZvtTimers>;
  /** Scenario for the training simulator (tests). */
  scenario?: string;
}

/** Trace listeners outlive connections: each new client's transport is hooked up to them. */
function traceFanOut() {
  const listeners = new Set<(event: ZvtTraceEvent) => void>();
  return {
    attach(client: ZvtClient) {
      client.transport.onTrace((event) => {
        for (const listener of listeners) listener(event);
      });
    },
    onTrace(listener: (event: ZvtTraceEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createPinpadPort(config: TillConfig, options: PinpadPortOptions): PinpadPort | null {
  const mode = config.pinpad.mode;
  const traces = traceFanOut();
  if (mode === 'none') return null;
  const clientOptions = { currency: config.currency, ...(options.timers ? { timers: options.timers } : {}) };
  if (mode === 'simulated') {
    // Started on first use, not at open: a CLI command that never takes a card must not run a second simulator on the
    // same state file as the till (two writers could turn the terminal's trace counter back).
    let pinpad: ReturnType<typeof startInProcessPinpad> | null = null;
    const started = () =>
      (pinpad ??= startInProcessPinpad({
        stateFile: join(options.dataDir, 'pinpad-simulator.json'),
        ...(options.timers ? { timers: options.timers } : {}),
        ...(options.scenario ? { scenario: options.scenario } : {}),
      }));
    let client: ZvtClient | null = null;
    let registered: Promise<ZvtClient> | null = null;
    return {
      address: 'training simulator (in-process)',
      simulated: true,
      onTrace: traces.onTrace,
      get simulator() {
        return started().sim;
      },
      client() {
        registered ??= (async () => {
          client = zvtClientOn(started().ecrLink, 'serial', clientOptions);
          traces.attach(client);
          await client.register({});
          return client;
        })().catch((err: unknown) => {
          registered = null;
          throw err;
        });
        return registered;
      },
      async reset() {
        // The memory link survives; a fresh registration resynchronises the two sides.
        registered = null;
      },
      async close() {
        await client?.close().catch(() => {});
        await pinpad?.close();
      },
    };
  }

  // A PIN pad that cannot be opened never stops the till: it sells cash and says what is wrong with the card tender.
  const address = config.pinpad.address ?? '(no pinpad.address configured)';
  let connecting: Promise<ZvtClient> | null = null;
  return {
    address,
    simulated: false,
    onTrace: traces.onTrace,
    simulator: null,
    client() {
      connecting ??= (async () => {
        if (!config.pinpad.address) throw new Error('pinpad.mode is "device" but no pinpad.address is configured');
        const client = await connectZvt(address, clientOptions);
        traces.attach(client);
        await client.register({});
        return client;
      })().catch((err: unknown) => {
        connecting = null;
        throw err;
      });
      return connecting;
    },
    async reset() {
      const previous = connecting;
      connecting = null;
      if (previous) await (await previous.catch(() => null))?.close().catch(() => {});
    },
    async close() {
      await this.reset();
    },
  };
}
