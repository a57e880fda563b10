// The pay panel (full height, right side): amount due, tenders, quick cash, the card terminal's texts, and after
// posting the change due in the largest type. Amounts are the service's (SaleView / ReceiptView), never computed.
import { useEffect, useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { Money } from '../../components/Money';
import { useKeyScope } from '../../components/hooks';
import { formatMoney, parseAmountInput, quickCashAmounts } from '../../i18n/format';
import { KEYS } from '../../lib/keys';
import { cancelAllowed, usePaymentStore } from '../../stores/payment';
import { useSessionStore } from '../../stores/session';
import { useSaleStore } from '../../stores/sale';
import { useStatusStore } from '../../stores/status';
import { errorText, useT, useUiStore } from '../../stores/ui';

// Exact plus the next three notes: one row of buttons, so the panel fits 768 px with a card message showing.
const QUICK_KEYS = ['F5', 'F6', 'F7', 'F8'];

export function PayPanel() {
  const phase = usePaymentStore((s) => s.phase);
  if (phase === 'done') return <PaidPanel />;
  return <TenderPanel />;
}

function TenderPanel() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const sale = useSaleStore((s) => s.sale);
  const phase = usePaymentStore((s) => s.phase);
  const busy = usePaymentStore((s) => s.busy);
  const outcome = usePaymentStore((s) => s.cardOutcome);
  const { addCash, startCard, cancelCard, removeTender, close } = usePaymentStore.getState();
  const [text, setText] = useState('');

  const currency = sale?.currency ?? 'EUR';
  const remaining = sale?.remaining ?? 0;
  const typed = parseAmountInput(text, currency);
  /** A typed amount below what is due: the card pays that part (card + cash split). */
  const cardPart = typed !== null && typed > 0 && typed < remaining ? typed : null;
  const quick = quickCashAmounts(remaining, currency).slice(0, QUICK_KEYS.length);
  const carding = phase === 'card';

  const cash = (amount: number | null) => {
    if (carding || busy) return;
    const value = amount ?? (typed !== null && typed > 0 ? typed : remaining);
    if (value <= 0) return;
    setText('');
    void addCash(value);
  };

  /** Card for the typed amount when it is a part of what is due (card + cash split), else for all that remains. */
  // After an unknown outcome the card may have been charged: no second card attempt from this screen (UX: never a
  // button that charges again); the journal settles it, and the service refuses it anyway (PAYMENT_UNRESOLVED).
  const cardBlocked = outcome?.kind === 'unknown';
  const card = () => {
    if (carding || busy || cardBlocked) return;
    setText('');
    void startCard(cardPart ?? undefined);
  };

  useKeyScope(
    (e) => {
      if (e.key === 'Escape') {
        if (carding) void cancelCard();
        else close();
        return true;
      }
      if (carding) return false;
      if (e.key === KEYS.cash) {
        cash(null);
        return true;
      }
      if (e.key === KEYS.card) {
        card();
        return true;
      }
      const qi = QUICK_KEYS.indexOf(e.key);
      if (qi >= 0 && quick[qi] !== undefined) {
        cash(quick[qi]);
        return true;
      }
      return false;
    },
    // Amount entry: a fast run of digits is the cashier typing the amount given, not a scan.
    { blocksScanner: true },
  );

  const onKey = (key: KeypadKey) => (key === 'enter' ? cash(null) : setText((x) => applyKeypadKey(x, key)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    cash(null);
  };

  // The sale went away under the panel (posted after a manager settled an unknown card outcome, voided elsewhere):
  // nothing left to pay, so the till returns to an empty sale instead of an empty panel.
  useEffect(() => {
    if (!sale && phase === 'tendering') void usePaymentStore.getState().newSale();
  }, [sale, phase]);

  if (!sale) return null;
  return (
    <section className="pay" data-testid="pay-panel" aria-label={t('pay.title')}>
      <header className="pay-head">
        <h2 className="pay-title">{t('pay.title')}</h2>
        <ActionButton label={t('pay.backToSale')} hotkey={KEYS.back} onClick={close} disabled={carding} variant="quiet" />
      </header>
      <div className="due">
        <span className="due-label">{t('pay.amountDue')}</span>
        <Money amount={sale.total} currency={currency} className="due-amount" />
      </div>
      <dl className="pay-sums">
        <div className="totals-row">
          <dt>{t('pay.tendered')}</dt>
          <dd className="num" data-testid="tendered">
            <Money amount={sale.paid} currency={currency} />
          </dd>
        </div>
        <div className="totals-row totals-row-strong">
          <dt>{t('pay.remaining')}</dt>
          <dd className="num" data-testid="remaining">
            <Money amount={sale.remaining} currency={currency} />
          </dd>
        </div>
      </dl>
      {sale.tenders.length > 0 ? (
        <ul className="tender-list" aria-label={t('pay.tenders')} data-testid="tender-list">
          {sale.tenders.map((tender) => (
            <li key={tender.tenderId} className="tender">
              <span>{tender.kind === 'cash' ? t('pay.cash') : t('pay.card')}</span>
              {tender.card?.authCode ? <span className="name-secondary">{t('pay.authCode', { code: tender.card.authCode })}</span> : null}
              <Money amount={tender.amount} currency={currency} className="tender-amount" />
              <button type="button" className="icon-button" onClick={() => void removeTender(tender.tenderId)} aria-label={t('pay.removeTender')} title={t('pay.removeTender')} disabled={carding}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      {carding ? (
        <CardProgress />
      ) : (
        <>
          {outcome ? <CardOutcomePanel /> : null}
          <form className="cash-entry" onSubmit={submit}>
            <label className="field field-inline">
              <span className="field-label">{t('pay.amountEntry')}</span>
              <input
                className="input input-amount"
                inputMode="decimal"
                autoComplete="off"
                value={text}
                placeholder={formatMoney(remaining, currency, language)}
                onChange={(e) => setText(e.target.value)}
                autoFocus
                data-testid="cash-input"
              />
            </label>
          </form>
          <div className="quick-cash" aria-label={t('pay.amountHint')}>
            {quick.map((amount, i) => (
              <ActionButton
                key={amount}
                label={i === 0 ? `${t('pay.exact')} ${formatMoney(amount, currency, language)}` : formatMoney(amount, currency, language)}
                hotkey={QUICK_KEYS[i]}
                onClick={() => cash(amount)}
                disabled={busy}
                testId={`quick-cash-${i}`}
              />
            ))}
          </div>
          <div className="pay-body">
            <Keypad onKey={onKey} className="keypad-pay" enterLabel={`${t('pay.cash')} ⏎`} />
            <div className="tender-buttons">
              <ActionButton label={t('pay.cash')} hotkey={KEYS.cash} onClick={() => cash(null)} disabled={busy} variant="primary" className="tender-button" testId="tender-cash" />
              <ActionButton label={cardPart !== null ? t('pay.cardPart', { amount: formatMoney(cardPart, currency, language) }) : t('pay.card')} hotkey={KEYS.card} onClick={card} disabled={busy || cardBlocked} variant="primary" className="tender-button" testId="tender-card" />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function PaidPanel() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const receipt = usePaymentStore((s) => s.receipt);
  const { newSale, printAgain } = usePaymentStore.getState();
  const lastPrint = useStatusStore((s) => s.lastPrint);
  const notify = useUiStore((s) => s.notify);

  useKeyScope((e) => {
    if (e.key === 'Enter' || e.key === 'Escape') {
      void newSale();
      return true;
    }
    if (e.key === KEYS.printAgain) {
      void printAgain().then((ok) => ok && notify('ok', t('pay.printed')));
      return true;
    }
    return false;
  });

  if (!receipt) return null;
  const cardTenders = receipt.tenders.filter((x) => x.kind === 'card');
  return (
    <section className="pay pay-done" data-testid="paid-panel">
      <div className="paid-banner tone-ok">
        <Icon name="ok" />
        <span>{t('pay.posted')}</span>
        <span className="name-secondary">{t('receipt.number', { number: receipt.receiptNumber })}</span>
      </div>
      <div className="due">
        <span className="due-label">{t('totals.total')}</span>
        <Money amount={receipt.total} currency={receipt.currency} className="due-amount due-amount-small" />
      </div>
      <div className="change">
        <span className="change-label">{t('pay.changeDue')}</span>
        <Money amount={receipt.change} currency={receipt.currency} className="change-amount" />
      </div>
      {cardTenders.map((tender) => (
        <p key={tender.tenderId} className="paid-card tone-ok" data-testid="paid-card">
          <Icon name="pinpad" />
          <span>{t('pay.card')} <Money amount={tender.amount} currency={receipt.currency} /></span>
          <span className="name-secondary">{[tender.card?.brand, tender.card?.maskedPan, tender.card?.authCode ? t('pay.authCode', { code: tender.card.authCode }) : null].filter(Boolean).join(' · ')}</span>
        </p>
      ))}
      {lastPrint ? (
        <p className={`print-state tone-${lastPrint.state === 'failed' || lastPrint.state === 'paused' ? 'attention' : 'info'}`} role="status">
          <Icon name="printer" />
          {lastPrint.words?.[language] || lastPrint.message || t(`receipt.printStatus.${lastPrint.state}`)}
        </p>
      ) : null}
      <div className="paid-actions">
        <ActionButton label={t('pay.newSale')} hotkey="Enter" onClick={() => void newSale()} variant="primary" className="action-big" testId="new-sale" />
        <ActionButton label={t('pay.printAgain')} hotkey={KEYS.printAgain} onClick={() => void printAgain().then((ok) => ok && notify('ok', t('pay.printed')))} testId="print-again" />
      </div>
    </section>
  );
}

/** The running card payment: every text the terminal sent, newest largest; the spinner sits beside, never over. */
function CardProgress() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const progress = usePaymentStore((s) => s.progress);
  const amount = usePaymentStore((s) => s.cardAmount);
  const cancelling = usePaymentStore((s) => s.cancelling);
  const currency = useSaleStore((s) => s.sale?.currency ?? 'EUR');
  const canCancel = cancelAllowed(progress) && !cancelling;
  const textOf = (p: { text: string; textZh: string }) => (language === 'zh' ? p.textZh || p.text : p.text);
  const latest = progress[progress.length - 1];
  const earlier = progress.slice(0, -1).reverse();
  return (
    <div className="card-progress" role="status" aria-live="polite" data-testid="card-progress">
      <div className="spinner-row">
        <span className="spinner" aria-hidden="true" />
        <strong>{t('pay.cardInProgress')}</strong>
        {amount !== null ? <Money amount={amount} currency={currency} className="card-progress-amount" /> : null}
      </div>
      <p className="terminal-text" data-testid="terminal-text">
        {latest ? textOf(latest) : t('pay.cardFollowTerminal')}
      </p>
      {earlier.length > 0 ? (
        <ol className="terminal-history" aria-label={t('pay.terminalSaid')} data-testid="terminal-history">
          {earlier.map((p, i) => (
            <li key={`${progress.length - i}`}>{textOf(p)}</li>
          ))}
        </ol>
      ) : null}
      {canCancel ? (
        <ActionButton label={t('pay.cancelCard')} hotkey={KEYS.back} onClick={() => void usePaymentStore.getState().cancelCard()} variant="danger" testId="cancel-card" />
      ) : (
        <p className="muted">{cancelling ? t('pay.cancelling') : t('pay.noCancelNow')}</p>
      )}
    </div>
  );
}

/** Approved / Declined / Aborted / Unknown after a card attempt: what happened and what to do now. */
function CardOutcomePanel() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const outcome = usePaymentStore((s) => s.cardOutcome);
  const currency = useSaleStore((s) => s.sale?.currency ?? 'EUR');
  const role = useSessionStore((s) => s.session?.user.role);
  const goManager = useUiStore((s) => s.goManager);
  if (!outcome) return null;
  if (outcome.kind === 'approved') {
    return (
      <div className="card-outcome tone-ok" role="status" data-testid="card-outcome" data-outcome="approved">
        <Icon name="ok" />
        {/* One line: the card tender above already carries the auth code; the keypad below must stay in view. */}
        <span className="outcome-line">
          <strong>
            {t('pay.approved')} <Money amount={outcome.amount} currency={currency} />
          </strong>
          {outcome.maskedPan ? <span className="outcome-detail">{outcome.maskedPan}</span> : null}
          <span className="outcome-detail">· {t('pay.approvedRest')}</span>
        </span>
      </div>
    );
  }
  const tone = outcome.kind === 'unknown' ? 'attention' : 'stop';
  // The link itself says where a manager settles it, so the hint beside it leaves that part out (shorter).
  const journalLink = outcome.kind === 'unknown' && (role === 'manager' || role === 'tech');
  return (
    <div className={`card-outcome tone-${tone}`} role="alert" data-testid="card-outcome" data-outcome={outcome.kind}>
      <Icon name={tone === 'attention' ? 'attention' : 'stop'} />
      <span className="outcome-body">
        {/* Title and journal link share a row where they fit (Chinese), so the keypad and Card stay in view. */}
        <span className="outcome-head">
          <strong>{t(`pay.outcome.${outcome.kind}`)}</strong>
          {journalLink ? (
            <button type="button" className="link-button" onClick={() => goManager('journal')} data-testid="open-journal">
              {t('pay.openJournal')}
            </button>
          ) : null}
        </span>
        {/* Unknown: the till's own hint below says what happened and what to do in the reader's language, so on
            short screens the service's words give way (styles: .outcome-service-extra) and every pay button stays
            in view at 1024 × 768. Declined / aborted: the service's words are the reason and always show. */}
        <span className={`outcome-detail ${outcome.kind === 'unknown' ? 'outcome-service-extra' : ''}`}>{errorText(outcome.error, language)}</span>
        {/* When the service's own words already say what to do (declined / aborted), this general hint gives way on
            short screens (styles: .outcome-hint-extra), so the Card button below stays in view at 1024 × 768. */}
        <span className={`outcome-detail ${outcome.kind !== 'unknown' && outcome.error.message ? 'outcome-hint-extra' : ''}`}>{outcome.kind === 'unknown' ? t(journalLink ? 'pay.unknownDoingShort' : 'pay.unknownDoing') : t('pay.tryAnother')}</span>
        {outcome.kind === 'unknown' && !journalLink ? <span className="outcome-detail">{t('pay.callManager')}</span> : null}
      </span>
    </div>
  );
}
