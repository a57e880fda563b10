import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, type HardenableContents, type HardenableSession, type NavigationEventLike } from '../../../electron/hardening';

type Listener = (event: NavigationEventLike, url?: string) => void;

/** A webContents stand-in that records the listeners hardenWebContents installs, so tests can fire them. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
      openHandler = handler;
    },
  };
  const fire = (name: string, url?: string, eventUrl?: string) => {
    const event = { url: eventUrl, preventDefault: vi.fn() };
    for (const listener of listeners.get(name) ?? []) listener(event, url);
    return event.preventDefault;
  };
  return { contents: contents as HardenableContents, fire, openHandler: () => openHandler, listeners };
}

describe('hardenWebContents', () => {
  it('refuses navigation away from app://till on will-navigate, will-frame-navigate and will-redirect', () => {
    const log = vi.fn();
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, log);
    expect(fire('will-navigate', 'https://evil.example/', 'https://evil.example/')).toHaveBeenCalledOnce();
    expect(fire('will-frame-navigate', undefined, 'file:///etc/passwd')).toHaveBeenCalledOnce();
    expect(fire('will-redirect', 'app://other/', 'app://other/')).toHaveBeenCalledOnce();
    expect(fire('will-navigate', 'javascript:alert(1)')).toHaveBeenCalledOnce();
    expect(fire('will-navigate', undefined, undefined)).toHaveBeenCalledOnce();
    expect(log).toHaveBeenCalledWith('navigation-refused', 'https://evil.example/');
  });

  it('lets the till move between its own pages', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents);
    expect(fire('will-navigate', 'app://till/index.html', 'app://till/index.html')).not.toHaveBeenCalled();
    expect(fire('will-frame-navigate', undefined, 'app://till/index.html#/pay')).not.toHaveBeenCalled();
  });

  it('denies every new window, whatever the URL', () => {
    const { contents, openHandler } = fakeContents();
    hardenWebContents(contents);
    const handler = openHandler();
    expect(handler).not.toBeNull();
    for (const url of ['https://evil.example/', 'app://till/index.html', 'about:blank']) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('prevents every <webview> from attaching', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents);
    expect(fire('will-attach-webview')).toHaveBeenCalledOnce();
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and every device', () => {
    let request: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<HardenableSession['setPermissionCheckHandler']>[0] | null = null;
    let device: Parameters<HardenableSession['setDevicePermissionHandler']>[0] | null = null;
    hardenSession({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
      setDevicePermissionHandler: (handler) => (device = handler),
    });
    expect(request).not.toBeNull();
    expect(check).not.toBeNull();
    expect(device).not.toBeNull();
    for (const permission of ['media', 'serial', 'hid', 'usb', 'notifications', 'clipboard-read', 'geolocation', 'unknown']) {
      const callback = vi.fn();
      request!(null, permission, callback, { requestingUrl: 'app://till/index.html' });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check!(null, permission, 'app://till')).toBe(false);
    }
    expect(device!({ deviceType: 'serial', origin: 'app://till' })).toBe(false);
  });
});
