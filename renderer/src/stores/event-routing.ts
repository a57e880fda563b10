// Routes the service's pushed events to the stores that keep the matching view. Browser only; no rendering.
// Payloads are the service's own JSON for the event name (same process in Electron, same host over SSE).
import type { TillEventName, TillEvents } from '../../../service/contract';
import { onConnectionChange, onTillEvent } from '../api/client';
import { useCatalogueStore } from './catalogue';
import { usePaymentStore } from './payment';
import { useReturnsStore } from './returns';
import { useSaleStore } from './sale';
import { useDeviceStore } from './devices';
import { useSessionStore } from './session';
import { useStatusStore } from './status';
import { useUiStore } from './ui';

type Handlers = { [E in TillEventName]: (payload: TillEvents[E]) => void };

const handlers: Handlers = {
  'status.changed': (status) => {
    useStatusStore.getState().applyStatus(status);
    // Logged out elsewhere (another window, the CLI, a restart): this screen must not keep acting as that user.
    const session = useSessionStore.getState().session;
    if (session && status.session?.user.username !== session.user.username) void useSessionStore.getState().restore();
  },
  'sale.changed': (sale) => {
    // While paying, the payment store owns the hand-over from open sale to receipt; a push must not race it.
    if (usePaymentStore.getState().phase === 'done') return;
    useSaleStore.getState().applySale(sale);
  },
  'payment.progress': (progress) => {
    usePaymentStore.getState().applyProgress(progress);
    // A return's refund to card runs through the same PIN pad flow.
    useReturnsStore.getState().applyProgress(progress);
  },
  'print.status': (print) => {
    useStatusStore.getState().applyPrint(print);
    // Paper out, cover open…: the service's sentence says what to do; the job resumes by itself.
    if (print.state === 'paused' || print.state === 'failed') {
      const language = useUiStore.getState().language;
      useUiStore.getState().notify('attention', print.words?.[language] || print.message);
    }
  },
  'sync.progress': (sync) => useStatusStore.getState().applySync(sync),
  'catalogue.importProgress': (progress) => useCatalogueStore.getState().applyImportProgress(progress),
  // Kept (bounded) whatever screen is up: the support view opened after a payment still shows its frames.
  'device.trace': (trace) => useDeviceStore.getState().applyTrace(trace),
};

export function connectEvents(): () => void {
  const offEvents = onTillEvent((name, payload) => {
    const handler = handlers[name] as ((payload: unknown) => void) | undefined;
    handler?.(payload);
  });
  const offConnection = onConnectionChange((connected) => useStatusStore.getState().setConnected(connected));
  return () => {
    offEvents();
    offConnection();
  };
}
