// IPC channel names shared by the main process and the preload. Imports nothing, so the sandboxed preload can bundle it.

/** Every method has its own channel, `till:<method>`, so a handler exists only for a method the contract names. */
export const TILL_CHANNEL_PREFIX = 'till:';

/** The one main → renderer channel; each message is `{ name, payload }` for a TillEvents entry. */
export const TILL_EVENT_CHANNEL = 'till:event';

export function channelFor(method: string): string {
  return `${TILL_CHANNEL_PREFIX}${method}`;
}
