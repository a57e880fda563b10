// Main-process IPC: one handler per contract method (sender check, plain-object check, then service.call) and the
// event fan-out to trusted windows. Must never import 'electron' (structural types only) so tests need no mock.
import { TILL_METHODS, type Result, type TillEventName, type TillService } from '../service/contract';
import { TILL_EVENT_CHANNEL, channelFor } from './channels';

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of Electron's ipcMain used here; the real ipcMain satisfies it. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of Electron's WebContents the event fan-out uses. */
export interface WebContentsLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcOptions {
  /** Told about every refused call (untrusted sender, non-plain input) and every crash inside the service. */
  onRefused?: (method: string, code: string, detail: string) => void;
}

/** The message on TILL_EVENT_CHANNEL. */
export interface TillEventMessage {
  name: TillEventName;
  payload: unknown;
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Plain object as the structured clone delivers it: not null, not an array, no Date/Map/Set/typed array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Registers `till:<method>` for every method of the contract and nothing else. Each call:
 * 1. reads `event.senderFrame` synchronously (it turns null once the frame navigates) and refuses unless it is a
 *    top-level frame whose URL passes isTrustedSender (Electron checklist item 17; a framed page is never trusted);
 * 2. refuses anything but exactly one plain-object argument (the service's zod schemas then check the fields);
 * 3. calls service.call and returns its Result; a throw inside the service becomes INTERNAL_ERROR, so no stack trace
 *    or file path crosses into the renderer.
 * Returns a function that removes every handler again.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  service: Pick<TillService, 'call'>,
  isTrustedSender: (url: string) => boolean,
  options: IpcOptions = {},
): () => void {
  const refused = options.onRefused ?? (() => undefined);
  const channels: string[] = [];
  for (const method of TILL_METHODS) {
    const channel = channelFor(method);
    ipcMain.handle(channel, async (event: InvokeEventLike, ...args: unknown[]): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (frame === null || frame.parent !== null || !isTrustedSender(frame.url)) {
        refused(method, 'UNTRUSTED_SENDER', frame === null ? 'no sender frame' : frame.url);
        return failure('UNTRUSTED_SENDER', 'This window may not call the till.');
      }
      if (args.length !== 1 || !isPlainObject(args[0])) {
        refused(method, 'VALIDATION_FAILED', 'argument is not one plain object');
        return failure('VALIDATION_FAILED', `${method} takes exactly one object argument.`);
      }
      try {
        return await service.call(method, args[0]);
      } catch (error) {
        refused(method, 'INTERNAL_ERROR', error instanceof Error ? (error.stack ?? error.message) : String(error));
        return failure('INTERNAL_ERROR', 'The till hit an internal error. The action was not completed; try again.');
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * Forwards every service event to the windows listTargets() returns, on the one channel `till:event`, but only to
 * live webContents currently showing a trusted page: a window that navigated away must not keep receiving sales.
 * Returns the unsubscribe function.
 */
export function forwardEvents(
  service: Pick<TillService, 'subscribe'>,
  listTargets: () => Iterable<WebContentsLike>,
  isTrustedSender: (url: string) => boolean,
  onSendError: (error: unknown) => void = () => undefined,
): () => void {
  return service.subscribe((name, payload) => {
    const message: TillEventMessage = { name, payload };
    for (const target of listTargets()) {
      if (target.isDestroyed() || !isTrustedSender(target.getURL())) continue;
      try {
        target.send(TILL_EVENT_CHANNEL, message);
      } catch (error) {
        // A payload that cannot be cloned must not stop the other windows (or the service's emitter) from working.
        onSendError(error);
      }
    }
  });
}
