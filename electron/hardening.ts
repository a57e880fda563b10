// Applies the security policy to every webContents and session (navigation, new windows, webviews, permissions).
// Must never import 'electron' at run time: it takes structural types, so tests drive it with plain fakes.
import { isNavigationAllowed, isPermissionAllowed } from './security-policy';

/** An Electron event that can be cancelled, carrying the target URL (will-frame-navigate, will-navigate, will-redirect). */
export interface NavigationEventLike {
  readonly url?: string;
  preventDefault(): void;
}

/** The part of Electron's WebContents hardenWebContents touches. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEventLike, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The part of Electron's Session hardenSession touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

export interface HardeningLog {
  (what: 'navigation-refused' | 'window-refused' | 'webview-refused', url: string): void;
}

/**
 * Navigation: only app://till/ pages; new windows: never (no shell.openExternal either: a cashier's machine has no
 * business opening a browser from the till); <webview>: never. Registered on EVERY webContents through
 * app's web-contents-created, so a window created later (or by a bug) gets the same rules.
 */
export function hardenWebContents(contents: HardenableContents, log: HardeningLog = () => undefined): void {
  const guard = (event: NavigationEventLike, url?: string): void => {
    const target = event.url ?? url ?? '';
    if (!isNavigationAllowed(target)) {
      event.preventDefault();
      log('navigation-refused', target);
    }
  };
  // will-frame-navigate covers subframes too; will-navigate is kept for the main frame on older paths; will-redirect
  // stops a server-side redirect (there is none on app://, so any redirect away is hostile).
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler((details) => {
    log('window-refused', details.url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview-refused', '');
  });
}

/** Permissions: an unset handler GRANTS everything, so all three handlers are set and all of them say no. */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  // Serial, HID and USB devices belong to the main process (native/); the renderer never gets a device handle.
  session.setDevicePermissionHandler(() => false);
}
