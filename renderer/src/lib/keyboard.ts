// Keyboard routing for the whole window: the scanner wedge (capture phase, wherever focus is) and a stack of
// key scopes (the topmost screen or dialog gets the keys). Browser DOM only; no React, no API calls.
import { createScannerWedge, DEFAULT_WEDGE_OPTIONS, type WedgeOptions } from './scanner-wedge';

export type KeyHandler = (event: KeyboardEvent) => boolean;
export type ScanHandler = (code: string) => void;

interface Scope {
  id: number;
  handler: KeyHandler;
  /** PIN and amount dialogs: keys go to the field, never to the scanner (a PIN must not become a "scan"). */
  blocksScanner: boolean;
}

const scopes: Scope[] = [];
const scanHandlers: { id: number; handler: ScanHandler }[] = [];
let nextId = 1;
let wedge = createScannerWedge(DEFAULT_WEDGE_OPTIONS);
let installed = false;

/** Registers a key scope on top of the stack; returns its removal. The top scope alone receives keys. */
export function pushKeyScope(handler: KeyHandler, options: { blocksScanner?: boolean } = {}): () => void {
  const scope: Scope = { id: nextId++, handler, blocksScanner: options.blocksScanner ?? false };
  scopes.push(scope);
  wedge.reset();
  return () => {
    const i = scopes.findIndex((s) => s.id === scope.id);
    if (i >= 0) scopes.splice(i, 1);
  };
}

/** The topmost scan handler receives every scan (the sell screen adds to the sale, returns looks up a receipt). */
export function pushScanHandler(handler: ScanHandler): () => void {
  const entry = { id: nextId++, handler };
  scanHandlers.push(entry);
  return () => {
    const i = scanHandlers.findIndex((h) => h.id === entry.id);
    if (i >= 0) scanHandlers.splice(i, 1);
  };
}

export function scannerBlocked(): boolean {
  return scopes.some((s) => s.blocksScanner);
}

export function isEditable(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * The burst's characters went into whatever field had focus (we only know it was a scan at the terminator):
 * take them back out. The native setter plus an `input` event keeps React's controlled value in step.
 */
function removeTypedCode(code: string): void {
  const field = document.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  if (!field.value.endsWith(code)) return;
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  setter?.call(field, field.value.slice(0, field.value.length - code.length));
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function onKeyDownCapture(event: KeyboardEvent): void {
  if (scannerBlocked()) {
    wedge.reset();
    return;
  }
  const verdict = wedge.key({
    key: event.key,
    time: event.timeStamp,
    repeat: event.repeat,
    modifier: event.ctrlKey || event.altKey || event.metaKey,
  });
  if (verdict.kind !== 'scan') return;
  // The terminator must not reach the field or a focused button (Enter would click it, Tab would move focus).
  event.preventDefault();
  event.stopPropagation();
  removeTypedCode(verdict.code);
  const top = scanHandlers[scanHandlers.length - 1];
  top?.handler(verdict.code);
}

const FUNCTION_KEY = /^F([1-9]|1[0-2])$/;

function onKeyDown(event: KeyboardEvent): void {
  // A field that handled the key itself (Enter in the search field, arrows in a list) calls preventDefault.
  if (event.defaultPrevented) return;
  const top = scopes[scopes.length - 1];
  if (top && top.handler(event)) event.preventDefault();
  // F-keys are the till's, on every screen: never the browser's reload (F5), find (F3) or help (F1), even where
  // the screen of the moment gives that key no meaning.
  else if (FUNCTION_KEY.test(event.key)) event.preventDefault();
}

/** Installs the two window listeners once (main.tsx). */
export function installKeyboard(options: WedgeOptions = DEFAULT_WEDGE_OPTIONS): void {
  if (installed) return;
  installed = true;
  wedge = createScannerWedge(options);
  window.addEventListener('keydown', onKeyDownCapture, { capture: true });
  window.addEventListener('keydown', onKeyDown);
}
