// Returns: find the receipt (number typed or its barcode scanned), choose lines and quantities, refund.
// Without a receipt the products are scanned one by one and a manager approves. Calls the returns store only.
import { useEffect, useState, type FormEvent } from 'react';
import type { ReceiptView } from '../../../../service/contract';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { useKeyScope, useScanHandler } from '../../components/hooks';
import { formatDateTime, formatMoney as formatMoneyText, formatQuantity } from '../../i18n/format';
import { translate, type MessageKey } from '../../i18n';
import { KEYS } from '../../lib/keys';
import { api } from '../../api/client';
import { useCatalogueStore } from '../../stores/catalogue';
import { returnable, useReturnsStore } from '../../stores/returns';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';
import { ReceiptPreview } from '../pay/ReceiptPreview';
import { lineNames } from '../sell/line-name';

const REASONS: MessageKey[] = ['returns.reason.changedMind', 'returns.reason.faulty', 'returns.reason.wrongItem', 'returns.reason.other'];

export function ReturnsScreen() {
  const t = useT();
  const mode = useReturnsStore((s) => s.mode);
  const go = useUiStore((s) => s.go);
  const { reset, lookup, loadRecent, startWithoutReceipt } = useReturnsStore.getState();

  useEffect(() => {
    reset();
    void loadRecent();
  }, [reset, loadRecent]);

  const back = () => {
    if (mode === 'lookup' || mode === 'done') {
      reset();
      go('sell');
    } else reset();
  };

  useKeyScope((e) => {
    if (e.key === 'Escape') {
      back();
      return true;
    }
    if (e.key === KEYS.return && mode === 'lookup') {
      startWithoutReceipt();
      return true;
    }
    return false;
  });

  // A scanned code is a receipt barcode while looking up, a product while returning without receipt.
  useScanHandler((code) => {
    const m = useReturnsStore.getState().mode;
    if (m === 'noReceipt') void addProductByCode(code);
    else void lookup(code);
  });

  return (
    <main className="returns" data-testid="returns-screen">
      <header className="screen-head">
        <ActionButton label={<><Icon name="back" />{mode === 'lookup' || mode === 'done' ? t('action.sell') : t('common.back')}</>} hotkey={KEYS.back} onClick={back} variant="quiet" testId="returns-back" />
        <h1 className="screen-title">{t('returns.title')}</h1>
      </header>
      {mode === 'lookup' ? <Lookup /> : null}
      {mode === 'receipt' ? <ChooseLines /> : null}
      {mode === 'noReceipt' ? <WithoutReceipt /> : null}
      {mode === 'done' ? <Done /> : null}
    </main>
  );
}

async function addProductByCode(code: string): Promise<void> {
  const r = await api['catalogue.lookup']({ code });
  if (r.ok) useReturnsStore.getState().addFreeLine(r.value);
  else useUiStore.getState().showError(r.error);
}

function Lookup() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const recent = useReturnsStore((s) => s.recent);
  const busy = useReturnsStore((s) => s.busy);
  const { lookup, startWithoutReceipt } = useReturnsStore.getState();
  const [number, setNumber] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookup(number);
  };
  return (
    <div className="returns-body">
      <form className="card" onSubmit={submit}>
        <label className="field">
          <span className="field-label">{t('returns.lookupLabel')}</span>
          <input
            className="input input-large"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder={t('returns.lookupPlaceholder')}
            autoComplete="off"
            autoFocus
            data-testid="receipt-number"
          />
        </label>
        <div className="row">
          <button type="submit" className="action action-primary grow" disabled={busy || number.trim() === ''} data-testid="find-receipt">
            <span className="action-label">{t('returns.find')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
          <ActionButton label={t('returns.withoutReceipt')} hotkey={KEYS.return} onClick={startWithoutReceipt} testId="return-without-receipt" />
        </div>
        <p className="muted">{t('returns.withoutReceiptHint')}</p>
      </form>
      <section className="card">
        <h2 className="section-title">{t('returns.recent')}</h2>
        {recent.length === 0 ? <p className="muted">{t('returns.noRecent')}</p> : null}
        <ul className="pick-list">
          {recent.map((r) => (
            <li key={r.receiptNumber}>
              <button type="button" className="pick-item" onClick={() => void lookup(r.receiptNumber)} data-testid="recent-receipt">
                <span className="pick-main">
                  {t('receipt.number', { number: r.receiptNumber })}
                  <span className="name-secondary">
                    {formatDateTime(r.postedAt, language)} · {r.cashier}
                  </span>
                </span>
                <Money amount={r.total} currency={r.currency} className="pick-amount" />
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Stepper({ value, max, onChange, label }: { value: number; max: number; onChange(v: number): void; label: string }) {
  return (
    <div className="stepper" role="group" aria-label={label}>
      <button type="button" className="stepper-button" onClick={() => onChange(Math.max(0, value - 1))} disabled={value <= 0} aria-label="−">
        −
      </button>
      <span className="stepper-value num" aria-live="polite">
        {value}
      </span>
      <button type="button" className="stepper-button" onClick={() => onChange(Math.min(max, value + 1))} disabled={value >= max} aria-label="+">
        +
      </button>
    </div>
  );
}

function ReasonPicker() {
  const t = useT();
  const reason = useReturnsStore((s) => s.reason);
  const setReason = useReturnsStore((s) => s.setReason);
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('returns.reason')}</legend>
      <div className="segmented segmented-wrap" role="radiogroup">
        {REASONS.map((key) => {
          // Stored in English for the audit trail; shown in the cashier's language.
          const value = translate('en', key);
          return (
            <button key={key} type="button" role="radio" aria-checked={reason === value} className={`segment ${reason === value ? 'is-on' : ''}`} onClick={() => setReason(value)}>
              {t(key)}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

function ChooseLines() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const receipt = useReturnsStore((s) => s.receipt) as ReceiptView;
  const quantities = useReturnsStore((s) => s.quantities);
  const busy = useReturnsStore((s) => s.busy);
  const { setQuantity, post } = useReturnsStore.getState();
  const notify = useUiStore((s) => s.notify);
  const chosen = Object.values(quantities).some((q) => q > 0);

  const refund = async () => {
    if (!chosen) {
      notify('info', t('returns.nothingChosen'));
      return;
    }
    await post();
  };
  useKeyScope((e) => {
    if (e.key === 'Escape') {
      useReturnsStore.getState().reset();
      return true;
    }
    if (e.key === KEYS.pay) {
      void refund();
      return true;
    }
    return false;
  });

  return (
    <div className="returns-body returns-choose">
      <section className="card grow-card">
        <h2 className="section-title">
          {t('returns.receiptOf', { number: receipt.receiptNumber, time: formatDateTime(receipt.postedAt, language), cashier: receipt.cashier })}
        </h2>
        {receipt.kind === 'return' ? <p className="notice tone-attention">{t('returns.isReturn')}</p> : null}
        <table className="lines-table returns-table" data-testid="return-lines">
          <thead>
            <tr>
              <th scope="col">{t('returns.col.item')}</th>
              <th scope="col" className="num">{t('returns.col.sold')}</th>
              <th scope="col" className="num">{t('returns.col.returned')}</th>
              <th scope="col" className="num">{t('returns.col.unitPrice')}</th>
              <th scope="col" className="num">{t('sell.col.total')}</th>
              <th scope="col" className="num">{t('returns.col.return')}</th>
            </tr>
          </thead>
          <tbody>
            {receipt.lines.map((line) => {
              const names = lineNames(line.name, line.nameZh, language);
              const max = returnable(line);
              return (
                <tr key={line.lineId} className={`line ${max === 0 ? 'is-voided' : ''}`} data-testid="return-line">
                  <td className="line-names">
                    <span className="line-name">{names.primary}</span>
                    {names.secondary ? <span className="name-secondary">{names.secondary}</span> : null}
                  </td>
                  <td className="num">{formatQuantity(line.quantity, line.quantityKind, language)}</td>
                  <td className="num">{line.returnedQuantity > 0 ? formatQuantity(line.returnedQuantity, line.quantityKind, language) : ''}</td>
                  <td className="num"><Money amount={line.unitPrice} currency={receipt.currency} /></td>
                  <td className="num"><Money amount={line.total} currency={receipt.currency} /></td>
                  <td className="num">
                    {max > 0 ? (
                      <Stepper value={quantities[line.lineId] ?? 0} max={max} onChange={(v) => setQuantity(line.lineId, v)} label={t('returns.col.return')} />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <aside className="card returns-side">
        <ReasonPicker />
        <RefundPreview />
        <ActionButton label={t('returns.refundTotal')} hotkey={KEYS.pay} onClick={() => void refund()} disabled={busy || !chosen} variant="primary" className="action-big" testId="post-return" />
      </aside>
    </div>
  );
}

function WithoutReceipt() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const freeLines = useReturnsStore((s) => s.freeLines);
  const busy = useReturnsStore((s) => s.busy);
  const { addFreeLine, setFreeQuantity, removeFreeLine, post } = useReturnsStore.getState();
  const results = useCatalogueStore((s) => s.results);
  const search = useCatalogueStore((s) => s.search);
  const clearSearch = useCatalogueStore((s) => s.clearSearch);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const [text, setText] = useState('');

  useEffect(() => clearSearch, [clearSearch]);
  useKeyScope((e) => {
    if (e.key === 'Escape') {
      useReturnsStore.getState().reset();
      return true;
    }
    if (e.key === KEYS.pay && freeLines.length > 0) {
      void post();
      return true;
    }
    return false;
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = text.trim();
    if (!typed) return;
    setText('');
    const catalogue = useCatalogueStore.getState();
    // Only a result of exactly this text counts (never one of a shorter prefix still on screen).
    const first = catalogue.resultsQuery === text ? catalogue.results[0] : (await catalogue.searchNow(typed))[0];
    clearSearch();
    if (first) addFreeLine(first);
    else await addProductByCode(typed);
  };

  return (
    <div className="returns-body returns-choose">
      <section className="card grow-card">
        <p className="notice tone-info">
          <Icon name="info" />
          {t('returns.withoutReceiptHint')}
        </p>
        <form onSubmit={(e) => void submit(e)} className="search">
          <label className="search-box">
            <Icon name="search" />
            <span className="visually-hidden">{t('returns.addProduct')}</span>
            <input
              className="search-input"
              value={text}
              placeholder={t('returns.addProduct')}
              onChange={(e) => {
                setText(e.target.value);
                search(e.target.value);
              }}
              autoComplete="off"
              autoFocus
              data-testid="return-product-search"
            />
          </label>
          {text.trim() && results.length > 0 ? (
            <ul className="search-results" role="listbox">
              {results.map((p, i) => (
                <li key={p.productId} role="option" aria-selected={i === 0} className={`search-result ${i === 0 ? 'is-highlighted' : ''}`} onClick={() => { addFreeLine(p); setText(''); clearSearch(); }}>
                  <span className="result-names"><span className="result-name">{lineNames(p.name, p.nameZh, language).primary}</span></span>
                  <span className="result-sku">{p.sku}</span>
                  <Money amount={p.price} currency={p.currency} className="result-price" />
                </li>
              ))}
            </ul>
          ) : null}
        </form>
        <table className="lines-table free-return-table">
          <thead>
            <tr>
              <th scope="col">{t('returns.col.item')}</th>
              <th scope="col" className="num">{t('returns.col.unitPrice')}</th>
              <th scope="col" className="num">{t('returns.col.return')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {freeLines.map((l, i) => (
              <tr key={l.product.productId} className="line">
                <td className="line-names"><span className="line-name">{lineNames(l.product.name, l.product.nameZh, language).primary}</span></td>
                <td className="num"><Money amount={l.unitPrice} currency={currency} /></td>
                <td className="num"><Stepper value={l.quantity} max={999} onChange={(v) => (v === 0 ? removeFreeLine(i) : setFreeQuantity(i, v))} label={t('returns.col.return')} /></td>
                <td className="num">
                  <button type="button" className="icon-button" onClick={() => removeFreeLine(i)} aria-label={t('common.delete')}>×</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="card returns-side">
        <ReasonPicker />
        <RefundPreview />
        <ActionButton label={t('returns.refundTotal')} hotkey={KEYS.pay} onClick={() => void post()} disabled={busy || freeLines.length === 0} variant="primary" className="action-big" testId="post-return" />
      </aside>
    </div>
  );
}

function Done() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const posted = useReturnsStore((s) => s.posted);
  const go = useUiStore((s) => s.go);
  const reset = useReturnsStore((s) => s.reset);
  useKeyScope((e) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      reset();
      go('sell');
      return true;
    }
    return false;
  });
  if (!posted) return null;
  const refund = Math.abs(posted.total);
  // Only the cash part leaves the drawer; a card part goes back to the card through the PIN pad.
  const cashBack = Math.abs(posted.tenders.find((x) => x.kind === 'cash')?.amount ?? 0);
  const toCard = posted.tenders.some((x) => x.kind === 'card');
  return (
    <div className="returns-body returns-choose">
      <ReceiptPreview receipt={posted} />
      <aside className="card returns-side">
        <div className="paid-banner tone-ok" data-testid="return-done">
          <Icon name="ok" />
          <span>
            {toCard && cashBack === 0
              ? t('returns.postedCard', { amount: formatMoneyText(refund, posted.currency, language) })
              : t('returns.posted', { amount: formatMoneyText(cashBack, posted.currency, language) })}
          </span>
        </div>
        {cashBack > 0 ? (
          <div className="change change-refund">
            <span className="change-label">{t('returns.cashBack')}</span>
            <Money amount={-cashBack} currency={posted.currency} className="change-amount" />
          </div>
        ) : (
          <div className="refund-total refund-total-card">
            <span>{t('returns.refundTotal')}</span>
            <Money amount={-refund} currency={posted.currency} className="refund-total-amount" />
          </div>
        )}
        <ul className="refund-tenders" data-testid="return-tenders">
          {posted.tenders.map((tender) => (
            <li key={tender.tenderId} className={`refund-tender refund-${tender.kind}`}>
              <Icon name={tender.kind === 'card' ? 'pinpad' : 'info'} />
              <span className="refund-tender-words">
                <span>{tender.kind === 'card' ? t('returns.toCard') : t('returns.inCash')}</span>
                {tender.card?.maskedPan ? <span className="name-secondary">{[tender.card.brand, tender.card.maskedPan].filter(Boolean).join(' ')}</span> : null}
              </span>
              <Money amount={-Math.abs(tender.amount)} currency={posted.currency} className="tender-amount" />
            </li>
          ))}
        </ul>
        <ActionButton label={t('pay.newSale')} hotkey="Enter" onClick={() => { reset(); go('sell'); }} variant="primary" className="action-big" testId="return-new-sale" />
      </aside>
    </div>
  );
}


/** What the chosen lines would refund (return.preview): per line, and per tender, card back to the card first. */
function RefundPreview() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const preview = useReturnsStore((s) => s.preview);
  const busy = useReturnsStore((s) => s.busy);
  const progress = useReturnsStore((s) => s.progress);
  if (!preview) return <p className="muted refund-preview-empty">{t('returns.previewHint')}</p>;
  const toCard = preview.tenders.some((x) => x.kind === 'card' && x.amount !== 0);
  const last = progress[progress.length - 1];
  return (
    <section className="refund-preview" aria-label={t('returns.previewTitle')} data-testid="refund-preview">
      <h3 className="section-title">{t('returns.previewTitle')}</h3>
      <ul className="refund-lines">
        {preview.lines.map((line, i) => (
          <li key={line.lineId ?? `${line.productId}-${i}`} className="refund-line">
            <span className="refund-line-name">{line.quantity} × {line.name}</span>
            <Money amount={-Math.abs(line.refund)} currency={preview.currency} />
          </li>
        ))}
      </ul>
      <ul className="refund-tenders" data-testid="refund-preview-tenders">
        {preview.tenders.map((tender) => (
          <li key={tender.kind} className={`refund-tender refund-${tender.kind}`} data-kind={tender.kind}>
            <Icon name={tender.kind === 'card' ? 'pinpad' : 'info'} />
            <span>{tender.kind === 'card' ? t('returns.toCard') : tender.kind === 'cash' ? t('returns.inCash') : tender.kind}</span>
            <Money amount={-Math.abs(tender.amount)} currency={preview.currency} className="tender-amount" />
          </li>
        ))}
      </ul>
      <p className="refund-total">
        <span>{t('returns.refundTotal')}</span>
        <Money amount={-Math.abs(preview.total)} currency={preview.currency} className="refund-total-amount" />
      </p>
      {toCard ? (
        <p className={`notice ${busy ? 'tone-info' : 'tone-info'}`} role="status" data-testid="refund-card-note">
          {busy ? <span className="spinner spinner-small" aria-hidden="true" /> : <Icon name="pinpad" />}
          <span>{busy ? (last ? (language === 'zh' ? last.textZh || last.text : last.text) : t('returns.cardRunning')) : t('returns.cardNote')}</span>
        </p>
      ) : null}
    </section>
  );
}
