// The manager-override flow: any call that answers MANAGER_REQUIRED opens the dialog, and the same call is retried
// with `override: { managerUsername, pin, reason }`. Holds the pending request only; the dialog renders it.
import { create } from 'zustand';
import type { ManagerOverride, Result, TillError } from '../../../service/contract';
import { OVERRIDE_CANCELLED } from './ui';

/** Errors after which the dialog stays open: the manager's credentials were wrong, not the action. */
const CREDENTIAL_ERRORS = new Set(['BAD_PIN', 'LOCKED_OUT', 'FORBIDDEN', 'MANAGER_REQUIRED', 'VALIDATION_FAILED']);

export interface OverrideRequest {
  /** Distinguishes one request from the next (the dialog starts fresh for each). */
  id: number;
  /** The service's sentence for what needs approval ("Discount 25% on line 3 needs a manager"). */
  error: TillError;
  attempt(override: ManagerOverride): Promise<Result<unknown>>;
  finish(result: Result<unknown>): void;
}

interface OverrideState {
  request: OverrideRequest | null;
  /** Error from the last approval attempt (wrong PIN…), shown inside the dialog. */
  attemptError: TillError | null;
  busy: boolean;
  approve(override: ManagerOverride): Promise<void>;
  cancel(): void;
}

let requestSeq = 0;

export const useOverrideStore = create<OverrideState>()((set, get) => ({
  request: null,
  attemptError: null,
  busy: false,
  approve: async (override) => {
    const request = get().request;
    if (!request || get().busy) return;
    set({ busy: true, attemptError: null });
    const result = await request.attempt(override);
    if (!result.ok && CREDENTIAL_ERRORS.has(result.error.code)) {
      set({ busy: false, attemptError: result.error });
      return;
    }
    set({ request: null, busy: false, attemptError: null });
    request.finish(result);
  },
  cancel: () => {
    const request = get().request;
    set({ request: null, busy: false, attemptError: null });
    request?.finish({ ok: false, error: { code: OVERRIDE_CANCELLED, message: '' } });
  },
}));

/**
 * Runs `call` without an override; when the service answers MANAGER_REQUIRED, asks for a manager and runs
 * the very same call again with the approval. Resolves with the final Result (OVERRIDE_CANCELLED if closed).
 */
export async function callWithOverride<T>(call: (override?: ManagerOverride) => Promise<Result<T>>): Promise<Result<T>> {
  const first = await call(undefined);
  if (first.ok || first.error.code !== 'MANAGER_REQUIRED') return first;
  return new Promise<Result<T>>((resolve) => {
    useOverrideStore.setState({
      attemptError: null,
      busy: false,
      request: {
        id: ++requestSeq,
        error: first.error,
        attempt: call,
        // The dialog only ever hands back what `call` returned, so the value type is T.
        finish: (result) => resolve(result as Result<T>),
      },
    });
  });
}
