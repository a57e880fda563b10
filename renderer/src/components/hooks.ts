// React bindings for the window keyboard router (lib/keyboard): key scopes and scan handlers tied to a component's life.
// The latest handler is read through a ref, so re-renders never reorder the scope stack.
import { useEffect, useRef } from 'react';
import { pushKeyScope, pushScanHandler, type KeyHandler, type ScanHandler } from '../lib/keyboard';

export function useKeyScope(handler: KeyHandler, options: { blocksScanner?: boolean; enabled?: boolean } = {}): void {
  const ref = useRef(handler);
  ref.current = handler;
  const enabled = options.enabled ?? true;
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
