// The composition root: createTill(deps) → TillService. Every host (Electron IPC, web host, CLI, tests) calls the
// same `call(method, input)`: validate with the method's schema, run the use case, return errors as values.
import { ZodError } from 'zod';
import { isDomainError } from '../core/errors';
import { messageFor } from '../core/messages';
import type { Db } from '../db/open';
import { schemas, type Result, type TillApi, type TillMethod, type TillService, TILL_METHODS } from './contract';
import type { TillConfig } from './config';
import { TillContext } from './context';
import type { Failpoint } from './failpoints';
import { sessionService } from './session-service';
import { shiftService } from './shift-service';
import { catalogueService } from './catalogue-service';
import { saleService } from './sale-service';
import { adminService } from './admin-service';
import { statusService } from './status-service';
import { syncService, type SyncOptions } from './sync-service';
import { eodService } from './eod-service';
import { printService, type PrintOptions } from './print-service';
import { cardPaymentService } from './card-payment-service';
import { supportService } from './support-service';
import type { PinpadPort } from './pinpad-port';

export interface TillDeps {
  db: Db;
  config: TillConfig;
  clock?: () => Date;
  ids?: () => string;
  failpoint?: Failpoint;
  /** Called on close, after the API stops taking calls (device links, timers). */
  onClose?: () => Promise<void> | void;
  /** Acquirer sync: data dir for the training simulator, scaled timers for tests. */
  sync?: SyncOptions;
  /** Printing: training's virtual printer, an injected link, scaled timers for tests. */
  print?: PrintOptions;
  /** The PIN pad (ZVT); null or absent: card payments answer "no PIN pad configured". */
  pinpad?: PinpadPort | null;
  /** Log sink for internal errors (the support view and the diagnostics bundle read it). */
  log?: (line: string) => void;
}

type Handler = (input: never) => unknown;

export function createTill(deps: TillDeps): TillService & { ctx: TillContext } {
  const ctx = new TillContext(
    deps.db,
    deps.config,
    deps.clock ?? TillContext.defaults.clock,
    deps.ids ?? TillContext.defaults.ids,
    deps.failpoint ?? (() => {}),
  );
  const handlers: Record<TillMethod, Handler> = {
    ...sessionService(ctx),
    ...shiftService(ctx),
    ...catalogueService(ctx),
    ...saleService(ctx),
    ...adminService(ctx),
    ...statusService(ctx),
    ...syncService(ctx, deps.sync),
    ...eodService(ctx),
    ...cardPaymentService(ctx, deps.pinpad ?? null).handlers,
    ...supportService(ctx, deps.pinpad ?? null),
    // Previews of X/Z go through the end-of-day handlers (looked up at call time, after this map exists).
    ...printService(ctx, deps.print, (method, input) => handlers[method](input as never)),
  };
  const log = deps.log ?? ((line: string) => console.error(line));
  let closed = false;

  const errorResult = (code: string, params: Record<string, string | number> = {}): Result<never> => ({
    ok: false,
    error: { code, message: messageFor(code, params, ctx.language()), params },
  });

  async function call(method: string, input: unknown): Promise<Result<unknown>> {
    if (closed) return errorResult('INTERNAL', { reason: 'closed' });
    if (!Object.prototype.hasOwnProperty.call(schemas, method)) return errorResult('UNKNOWN_METHOD', { method });
    const schema = schemas[method as TillMethod];
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return errorResult('VALIDATION_FAILED', { field: issue?.path.join('.') || '(input)', reason: issue?.message ?? 'invalid' });
    }
    try {
      const value = await handlers[method as TillMethod](parsed.data as never);
      return { ok: true, value: value ?? null };
    } catch (err) {
      if (isDomainError(err)) return errorResult(err.code, err.params);
      if (err instanceof ZodError) return errorResult('VALIDATION_FAILED', { reason: err.issues[0]?.message ?? 'invalid' });
      const message = (err as Error)?.message ?? String(err);
      if (message.startsWith('LEDGER_IMMUTABLE')) return errorResult('FORBIDDEN', { reason: 'ledger is append-only' });
      log(`[till] ${method} failed: ${(err as Error)?.stack ?? message}`);
      ctx.errors.push({ at: ctx.now(), line: `${method}: ${message}`.slice(0, 500) });
      if (ctx.errors.length > 200) ctx.errors.splice(0, ctx.errors.length - 200);
      return errorResult('INTERNAL', { method });
    }
  }

  const api = Object.fromEntries(TILL_METHODS.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as TillApi;

  return {
    ctx,
    api,
    call,
    subscribe: (listener) => ctx.subscribe(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const close of [...ctx.closers].reverse()) await close();
      await deps.onClose?.();
      deps.db.close();
    },
  };
}
