// Electron main process, kept thin: single-instance lock, app:// protocol, hardening, IPC, one window, orderly quit.
// Owns no till logic (that is service/); only electron/ may import 'electron'. Bundled to dist/electron/main.cjs.
import { app, BrowserWindow, dialog, ipcMain, protocol, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TillService } from '../service/contract';
import { openTill } from '../service/open-till';
import { defaultDataDir } from '../service/paths';
import { createAppProtocolHandler } from './app-protocol';
import { hardenSession, hardenWebContents } from './hardening';
import { forwardEvents, registerIpc } from './ipc';
import { APP_SCHEME, APP_START_URL, buildWebPreferences, isTrustedSender } from './security-policy';

/** The data folder's name: the same as the web host and the CLI use, so all three open the same ledger. */
const DATA_DIR_NAME = 'till';
/** How long quitting waits for the service to close (flush the ledger, release the serial ports) before giving up. */
const CLOSE_TIMEOUT_MS = 10_000;
/** A renderer that keeps crashing is not reloaded forever: after this many crashes in a minute the window stays down. */
const MAX_RELOADS_PER_MINUTE = 3;

function log(...parts: unknown[]): void {
  console.warn('[till]', ...parts);
}

// Before 'ready': sandbox EVERY renderer, not only the windows built with buildWebPreferences (defence in depth).
app.enableSandbox();

// Must run before 'ready': a standard + secure scheme gets a real origin (so CSP 'self' and fetch work) and counts as
// a secure context, like https. No other privilege (no bypassCSP, no CORS exceptions).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

let mainWindow: BrowserWindow | null = null;
let service: TillService | null = null;
let stopServing: (() => void) | null = null;
let quitState: 'running' | 'closing' | 'closed' = 'running';

function createWindow(): BrowserWindow {
  // app.getAppPath() is the folder (or app.asar) holding package.json, in a dev run and in a package alike.
  const preloadPath = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Till',
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    webPreferences: buildWebPreferences(preloadPath, app.isPackaged),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  const reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const now = Date.now();
    while (reloads.length > 0 && now - (reloads[0] ?? now) > 60_000) reloads.shift();
    log('renderer gone:', details.reason);
    if (reloads.length >= MAX_RELOADS_PER_MINUTE || window.isDestroyed()) return;
    reloads.push(now);
    // The sale lives in the ledger, not the page, so a reload loses nothing the cashier has rung up.
    void window.loadURL(APP_START_URL);
  });
  void window.loadURL(APP_START_URL);
  return window;
}

function trustedWebContents(): WebContents[] {
  return BrowserWindow.getAllWindows().map((window) => window.webContents);
}

async function start(): Promise<void> {
  await app.whenReady();

  const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (filePath) => readFile(filePath)));

  const dataDir = defaultDataDir(DATA_DIR_NAME);
  let opened: TillService;
  try {
    opened = await openTill({ dataDir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log('could not open the till:', error);
    dialog.showErrorBox('Till could not start', `The till could not open its data in ${dataDir}.\n\n${message}`);
    app.exit(1);
    return;
  }
  service = opened;

  const disposeIpc = registerIpc(ipcMain, opened, isTrustedSender, {
    onRefused: (method, code, detail) => log(`refused ${method}: ${code}`, detail),
  });
  const stopEvents = forwardEvents(opened, trustedWebContents, isTrustedSender, (error) => log('event not delivered:', error));
  stopServing = () => {
    stopEvents();
    disposeIpc();
  };

  mainWindow = createWindow();
}

async function closeService(): Promise<void> {
  stopServing?.();
  stopServing = null;
  const open = service;
  service = null;
  if (open === null) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log(`service did not close within ${CLOSE_TIMEOUT_MS} ms; quitting anyway (the ledger is WAL, committed sales are safe)`);
      resolve();
    }, CLOSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([open.close(), timeout]);
  } catch (error) {
    log('service close failed:', error);
  } finally {
    clearTimeout(timer);
  }
}

// One till per machine and data folder: a second instance would open the same ledger and the same serial ports.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every webContents, whoever creates it, gets the navigation/window/webview rules and a permission-denying session.
  const hardenedSessions = new WeakSet<object>();
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (what, url) => log(what, url));
    if (!hardenedSessions.has(contents.session)) {
      hardenSession(contents.session);
      hardenedSessions.add(contents.session);
    }
  });

  app.on('window-all-closed', () => app.quit());

  // Quit waits for the service: the last sale's outbox and the ports must be closed before the process exits.
  app.on('before-quit', (event) => {
    if (quitState === 'closed') return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void closeService().finally(() => {
      quitState = 'closed';
      app.quit();
    });
  });

  start().catch((error: unknown) => {
    log('startup failed:', error);
    app.exit(1);
  });
}
