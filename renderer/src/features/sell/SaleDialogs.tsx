// Resume a suspended sale (list, arrows + Enter) and void the whole sale (the one confirmation: it cannot be undone).
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Money } from '../../components/Money';
import { formatDateTime } from '../../i18n/format';
import { useSaleStore } from '../../stores/sale';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';

export function ResumeDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const suspended = useSaleStore((s) => s.suspended);
  const load = useSaleStore((s) => s.loadSuspended);
  const resume = useSaleStore((s) => s.resume);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const [index, setIndex] = useState(0);
  useEffect(() => {
    void load();
  }, [load]);
  const pick = async (saleId: string) => {
    if ((await resume(saleId)).ok) onClose();
  };
  return (
    <Dialog
      title={t('dialog.resumeTitle')}
      onClose={onClose}
      testId="resume-dialog"
      onKey={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          setIndex((i) => Math.max(0, Math.min(suspended.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
          return true;
        }
        if (e.key === 'Enter' && suspended[index]) {
          void pick(suspended[index].saleId);
          return true;
        }
        return false;
      }}
    >
      {suspended.length === 0 ? <p className="muted">{t('dialog.noSuspended')}</p> : null}
      <ul className="pick-list" role="listbox">
        {suspended.map((s, i) => (
          <li key={s.saleId}>
            <button
              type="button"
              className={`pick-item ${i === index ? 'is-highlighted' : ''}`}
              role="option"
              aria-selected={i === index}
              onClick={() => void pick(s.saleId)}
              data-testid="suspended-sale"
            >
              <span className="pick-main">
                {t('dialog.suspendedAt', { time: formatDateTime(s.suspendedAt, language) })}
                <span className="name-secondary">
                  {s.cashier} · {t('totals.items')} {s.itemCount}
                  {s.note ? ` · ${s.note}` : ''}
                </span>
              </span>
              <Money amount={s.total} currency={currency} className="pick-amount" />
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" className="action action-quiet" onClick={onClose}>
          <span className="action-label">{t('common.cancel')}</span>
          <kbd className="action-key">Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}

export function VoidSaleDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const voidSale = useSaleStore((s) => s.voidSale);
  const [reason, setReason] = useState('');
  return (
    <Dialog title={t('dialog.voidSaleTitle')} onClose={onClose} tone="danger" testId="void-sale-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await voidSale(reason)).ok) onClose();
        }}
      >
        <p className="consequence">{t('dialog.voidSaleConsequence')}</p>
        <label className="field">
          <span className="field-label">{t('dialog.voidSaleReason')}</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-autofocus />
        </label>
        <div className="row">
          <button type="button" className="action action-quiet" onClick={onClose}>
            <span className="action-label">{t('common.cancel')}</span>
            <kbd className="action-key">Esc</kbd>
          </button>
          <button type="submit" className="action action-danger grow">
            <span className="action-label">{t('action.voidSale')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
