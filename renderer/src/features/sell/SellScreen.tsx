// The sell screen: scan/search and the sale's lines on the left (~60%); totals, keypad and actions on the right,
// replaced by the full-height pay panel while paying. Every action has its key (lib/keys).
import { useRef, useState } from 'react';
import type { ProductView } from '../../../../service/contract';
import { api } from '../../api/client';
import { ActionButton } from '../../components/ActionButton';
import { NoticeLine } from '../../components/NoticeLine';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { useKeyScope, useScanHandler } from '../../components/hooks';
import { parseAmountInput, parsePercentInput, parseQuantityInput } from '../../i18n/format';
import { isEditable } from '../../lib/keyboard';
import { KEYS } from '../../lib/keys';
import { useCatalogueStore } from '../../stores/catalogue';
import { usePaymentStore } from '../../stores/payment';
import { activeLines, useSaleStore } from '../../stores/sale';
import { useSessionStore } from '../../stores/session';
import { useT, useUiStore } from '../../stores/ui';
import { PayPanel } from '../pay/PayPanel';
import { ReceiptPreview } from '../pay/ReceiptPreview';
import { LineDialog, WeightDialog, type LineDialogKind } from './LineDialogs';
import { ResumeDialog, VoidSaleDialog } from './SaleDialogs';
import { SaleLines } from './SaleLines';
import { SearchField } from './SearchField';
import { TotalsBlock } from './TotalsBlock';

type DialogState =
  | { kind: LineDialogKind; lineId: string | null }
  | { kind: 'resume' }
  | { kind: 'voidSale' }
  | { kind: 'weight'; product: ProductView }
  | null;

export function SellScreen() {
  const t = useT();
  const sale = useSaleStore((s) => s.sale);
  const selectedLineId = useSaleStore((s) => s.selectedLineId);
  const lastLineId = useSaleStore((s) => s.lastLineId);
  const store = useSaleStore.getState;
  const role = useSessionStore((s) => s.session?.user.role);
  const phase = usePaymentStore((s) => s.phase);
  const openPayment = usePaymentStore((s) => s.open);
  const receipt = usePaymentStore((s) => s.receipt);
  const notify = useUiStore((s) => s.notify);
  const go = useUiStore((s) => s.go);
  const [entry, setEntry] = useState('');
  const [dialog, setDialog] = useState<DialogState>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const lines = activeLines(sale);
  const targetLine = lines.find((l) => l.lineId === (selectedLineId ?? lastLineId)) ?? lines[lines.length - 1] ?? null;
  const hasLines = lines.length > 0;
  const paying = phase !== 'closed';
  const isManager = role === 'manager' || role === 'tech';

  const clearEntry = () => {
    setEntry('');
    useCatalogueStore.getState().clearSearch();
  };
  const focusSearch = () => searchRef.current?.focus();

  /** A product picked from the results: weighed goods ask for their weight (unless "× n" gave it). */
  const addProduct = (product: ProductView) => {
    if (product.weighed && store().multiplier === null) setDialog({ kind: 'weight', product });
    else void store().addItem(product.productId);
  };

  /** A code from the scanner or typed: a weighed item's plain barcode carries no weight, so ask for it. */
  const scanCode = async (code: string) => {
    const r = await store().scan(code);
    if (!r.ok && r.error.code === 'INVALID_QUANTITY' && r.error.params?.reason === 'weight') {
      const product = await api['catalogue.lookup']({ code });
      if (product.ok) setDialog({ kind: 'weight', product: product.value });
    }
  };

  /**
   * Enter in the field or on the keypad. A typed code (digits) is looked up exactly, as a scan, unless the cashier
   * moved to a result; other text adds the highlighted result of exactly this text (searched now if the results
   * are still those of a shorter prefix), else is tried as a code.
   */
  const submitEntry = async () => {
    const text = entry.trim();
    if (text === '') return;
    const catalogue = useCatalogueStore.getState();
    const current = catalogue.resultsQuery === entry;
    clearEntry();
    if (/^\d{6,}$/.test(text) && !(current && catalogue.highlighted > 0)) {
      await scanCode(text);
      return;
    }
    const product = current ? catalogue.results[catalogue.highlighted] : (await catalogue.searchNow(text))[0];
    useCatalogueStore.getState().clearSearch();
    if (product) addProduct(product);
    else await scanCode(text);
  };

  /** Quantity, price and discount use a number already typed on the keypad; otherwise they open their dialog. */
  const lineAction = (kind: LineDialogKind) => {
    if (!sale || !targetLine) {
      if (kind === 'discount' && sale && hasLines) setDialog({ kind, lineId: null });
      else notify('info', t('sell.selectLine'));
      return;
    }
    const text = entry.trim();
    if (text !== '') {
      if (kind === 'quantity') {
        const q = parseQuantityInput(text);
        if (q !== null) {
          clearEntry();
          void store().setQuantity(targetLine.lineId, q);
          return;
        }
      } else if (kind === 'price') {
        const a = parseAmountInput(text, sale.currency);
        if (a !== null) {
          clearEntry();
          void store().overridePrice(targetLine.lineId, a);
          return;
        }
      } else {
        const bp = parsePercentInput(text);
        if (bp !== null) {
          clearEntry();
          void store().setLineDiscount(targetLine.lineId, { kind: 'percent', bp });
          return;
        }
      }
    }
    setDialog({ kind, lineId: targetLine.lineId });
  };

  const voidLine = () => {
    if (targetLine) void store().voidLine(targetLine.lineId);
    else notify('info', t('sell.selectLine'));
  };
  const suspend = async () => {
    if (!hasLines) return;
    const r = await store().suspend('');
    if (r.ok) notify('ok', `${t('action.suspend')} ✓`);
  };
  const pay = () => {
    if (!hasLines) return;
    clearEntry();
    openPayment();
  };

  const onKeypad = (key: KeypadKey) => {
    if (key === 'enter') void submitEntry();
    else if (key === 'times') {
      const q = parseQuantityInput(entry);
      if (q === null) notify('info', t('sell.entryNotNumber'));
      else {
        store().setMultiplier(q);
        clearEntry();
      }
    } else {
      const next = applyKeypadKey(entry, key, 32);
      setEntry(next);
      useCatalogueStore.getState().search(next);
    }
    focusSearch();
  };

  useScanHandler((code) => {
    clearEntry();
    if (usePaymentStore.getState().phase === 'done') {
      // The next customer's first item: the finished sale's receipt makes way for a new sale.
      void usePaymentStore.getState().newSale().then(() => scanCode(code));
      return;
    }
    if (usePaymentStore.getState().phase !== 'closed') return;
    // Lands in the sale even with the resume or void dialog open (UX: nothing blocks the scanner); PIN and
    // amount dialogs block the wedge itself, so their digits never arrive here.
    void scanCode(code);
  });

  useKeyScope(
    (e) => {
      if (paying) return false; // the pay panel has its own scope on top
      switch (e.key) {
        case KEYS.pay:
          pay();
          return true;
        case KEYS.quantity:
          lineAction('quantity');
          return true;
        case KEYS.discount:
          lineAction('discount');
          return true;
        case KEYS.price:
          lineAction('price');
          return true;
        case KEYS.voidLine:
        case 'Delete':
          voidLine();
          return true;
        case KEYS.suspend:
          void suspend();
          return true;
        case KEYS.resume:
          setDialog({ kind: 'resume' });
          return true;
        case KEYS.return:
          go('returns');
          return true;
        case KEYS.lookup:
          focusSearch();
          searchRef.current?.select();
          return true;
        case KEYS.catalogue:
          if (isManager) go('catalogue');
          return true;
        case KEYS.manager:
          if (isManager) go('manager');
          return true;
        case KEYS.voidSale:
          if (hasLines) setDialog({ kind: 'voidSale' });
          return true;
        case 'ArrowDown':
        case 'ArrowUp':
          store().moveSelection(e.key === 'ArrowDown' ? 1 : -1);
          return true;
        case '+':
        case '-':
          if (isEditable(e.target)) return false;
          void store().changeQuantityBy(e.key === '+' ? 1 : -1);
          return true;
        case 'Escape':
          clearEntry();
          store().select(null);
          return true;
        default:
          // Typing anywhere lands in the scan/search field.
          if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target)) focusSearch();
          return false;
      }
    },
    { enabled: !paying },
  );

  const dialogLine = dialog && 'lineId' in dialog ? lines.find((l) => l.lineId === dialog.lineId) ?? null : null;

  return (
    <main className="sell" data-testid="sell-screen">
      <section className="sell-left">
        <SearchField ref={searchRef} entry={entry} onEntry={setEntry} onSubmit={() => void submitEntry()} onPick={addProduct} disabled={paying} />
        <NoticeLine variant="inline" />
        {phase === 'done' && receipt ? <ReceiptPreview receipt={receipt} /> : <SaleLines sale={sale} />}
      </section>
      <aside className="sell-right">
        {paying ? (
          <PayPanel />
        ) : (
          <>
            <TotalsBlock sale={sale} />
            <Keypad onKey={onKeypad} extraKey="times" className="keypad-sell" label={t('sell.searchLabel')} />
            <div className="actions" data-testid="sell-actions">
              <ActionButton label={t('action.pay')} hotkey={KEYS.pay} onClick={pay} disabled={!hasLines} variant="primary" className="action-pay" testId="action-pay" />
              <ActionButton label={t('action.quantity')} hotkey={KEYS.quantity} onClick={() => lineAction('quantity')} disabled={!hasLines} testId="action-quantity" />
              <ActionButton label={t('action.discount')} hotkey={KEYS.discount} onClick={() => lineAction('discount')} disabled={!hasLines} testId="action-discount" />
              <ActionButton label={t('action.price')} hotkey={KEYS.price} onClick={() => lineAction('price')} disabled={!hasLines} testId="action-price" />
              <ActionButton label={t('action.voidLine')} hotkey={KEYS.voidLine} onClick={voidLine} disabled={!hasLines} testId="action-void-line" />
              <ActionButton label={t('action.suspend')} hotkey={KEYS.suspend} onClick={() => void suspend()} disabled={!hasLines} testId="action-suspend" />
              <ActionButton label={t('action.resume')} hotkey={KEYS.resume} onClick={() => setDialog({ kind: 'resume' })} testId="action-resume" />
              <ActionButton label={t('action.return')} hotkey={KEYS.return} onClick={() => go('returns')} testId="action-return" />
              <ActionButton label={t('action.lookup')} hotkey={KEYS.lookup} onClick={focusSearch} testId="action-lookup" />
              <ActionButton label={t('action.voidSale')} hotkey={KEYS.voidSale} onClick={() => setDialog({ kind: 'voidSale' })} disabled={!hasLines} variant="danger" testId="action-void-sale" />
              {isManager ? <ActionButton label={t('action.catalogue')} hotkey={KEYS.catalogue} onClick={() => go('catalogue')} testId="action-catalogue" /> : null}
              {isManager ? <ActionButton label={t('action.manager')} hotkey={KEYS.manager} onClick={() => go('manager')} testId="action-manager" /> : null}
            </div>
          </>
        )}
      </aside>
      {dialog && sale && (dialog.kind === 'quantity' || dialog.kind === 'discount' || dialog.kind === 'price') ? (
        <LineDialog kind={dialog.kind} sale={sale} line={dialogLine} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'resume' ? <ResumeDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'weight' ? <WeightDialog product={dialog.product} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'voidSale' ? <VoidSaleDialog onClose={() => setDialog(null)} /> : null}
    </main>
  );
}
