// React bindings for the window keyboard router (lib/keyboard): key scopes and scan handlers tied to a component's life.
// The latest handler is read through a ref, so re-renders never reorder the scope stack.
import { useEffect, useRef, useState } from 'react';
import { pushKeyScope, pushScanHandler, type KeyHandler, type ScanHandler } from '../lib/keyboard';

export interface KeyScopeOptions {
  blocksScanner?: boolean;
  enabled?: boolean;
  /**
   * For a scope inside a screen that has its own scope (a manager section, a close-wizard step). Hazard: when both
   * mount in one commit, React runs the child's effect before the parent's, so the parent's scope lands on top and
   * swallows the child's keys (the X report's F4, the wizard's Enter). Pushing one render later puts it above.
   */
  aboveParent?: boolean;
}

export function useKeyScope(handler: KeyHandler, options: KeyScopeOptions = {}): void {
  const ref = useRef(handler);
  ref.current = handler;
  const [mounted, setMounted] = useState(!options.aboveParent);
  useEffect(() => setMounted(true), []);
  const enabled = (options.enabled ?? true) && mounted;
  const blocksScanner = options.blocksScanner ?? false;
  useEffect(() => {
    if (!enabled) return undefined;
    return pushKeyScope((event) => ref.current(event), { blocksScanner });
  }, [enabled, blocksScanner]);
}

export function useScanHandler(handler: ScanHandler, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    return pushScanHandler((code) => ref.current(code));
  }, [enabled]);
}
