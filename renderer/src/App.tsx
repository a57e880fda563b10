// The renderer's root: status strip and notice line on top, then the screen the state calls for
// (login → open shift → sell / returns / catalogue / manager area), and the manager dialog over everything.
import { useEffect } from 'react';
import { NoticeLine } from './components/NoticeLine';
import { StatusStrip } from './components/StatusStrip';
import { CatalogueScreen } from './features/catalogue/CatalogueScreen';
import { LoginScreen } from './features/login/LoginScreen';
import { ManagerScreen } from './features/manager/ManagerScreen';
import { OverrideDialog } from './features/override/OverrideDialog';
import { ReturnsScreen } from './features/returns/ReturnsScreen';
import { SellScreen } from './features/sell/SellScreen';
import { ShiftOpenScreen } from './features/shift/ShiftOpenScreen';
import { usePaymentStore } from './stores/payment';
import { useSaleStore } from './stores/sale';
import { useSessionStore } from './stores/session';
import { useShiftStore } from './stores/shift';
import { useStatusStore } from './stores/status';
import { useUiStore } from './stores/ui';

export function App() {
  const ready = useSessionStore((s) => s.ready);
  const session = useSessionStore((s) => s.session);
  const shift = useShiftStore((s) => s.shift);
  const screen = useUiStore((s) => s.screen);
  const username = session?.user.username ?? null;
  const language = useUiStore((s) => s.language);

  // The page's language picks the right CJK glyphs and tells screen readers which voice to use.
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);

  useEffect(() => {
    void useSessionStore.getState().restore();
    void useStatusStore.getState().refresh();
  }, []);

  // A new user: fetch what that user's screens need, and forget the previous user's leftovers.
  useEffect(() => {
    void useStatusStore.getState().refresh();
    if (!username) {
      useShiftStore.setState({ shift: undefined });
      useSaleStore.setState({ sale: null, selectedLineId: null, lastLineId: null, multiplier: null });
      usePaymentStore.setState({ phase: 'closed', receipt: null, progress: [], cardOutcome: null, cardAmount: null, cancelling: false });
      return;
    }
    void useShiftStore.getState().refresh();
    void useSaleStore.getState().refresh();
    void useSessionStore.getState().loadUsers();
  }, [username]);

  let body: React.JSX.Element;
  if (!ready) body = <main className="centre-screen" aria-busy="true" />;
  else if (!session) body = <LoginScreen />;
  else if (shift === undefined) body = <main className="centre-screen" aria-busy="true" />;
  else if (shift === null) body = <ShiftOpenScreen />;
  else if (screen === 'returns') body = <ReturnsScreen />;
  else if (screen === 'catalogue') body = <CatalogueScreen />;
  else if (screen === 'manager') body = <ManagerScreen />;
  else body = <SellScreen />;

  return (
    <div className="app">
      <StatusStrip />
      {body}
      {body.type === SellScreen || body.type === ManagerScreen ? null : <NoticeLine variant="floating" />}
      <OverrideDialog />
    </div>
  );
}
