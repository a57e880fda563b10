// The receipt as the printer prints it: receipt.preview renders the exact ESC/POS bytes on the virtual printer.
// Card payments add the PIN pad's slip copies (merchant, customer) as tabs. Shown as an <img>, never as markup.
import { useEffect, useState } from 'react';
import type { PrintPreviewView, ReceiptView } from '../../../../service/contract';
import { api } from '../../api/client';
import { PrintPreview } from '../../components/PrintPreview';
import { useT, useUiStore } from '../../stores/ui';

export type ReceiptCopy = 'receipt' | 'merchant' | 'customer';

/** Copies worth a tab: the receipt, and the card slips when a card was used. */
export function copiesOf(receipt: ReceiptView): ReceiptCopy[] {
  const card = receipt.tenders.some((t) => t.kind === 'card') || (receipt.cardSlips?.length ?? 0) > 0 || (receipt.cardSlip?.length ?? 0) > 0;
  return card ? ['receipt', 'merchant', 'customer'] : ['receipt'];
}

export function ReceiptPreview({ receipt }: { receipt: ReceiptView }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const [copy, setCopy] = useState<ReceiptCopy>('receipt');
  const [preview, setPreview] = useState<PrintPreviewView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const copies = copiesOf(receipt);

  useEffect(() => {
    let live = true;
    setPreview(null);
    setFailed(null);
    void api['receipt.preview']({ receiptNumber: receipt.receiptNumber, copy, language }).then((r) => {
      if (!live) return;
      if (r.ok) setPreview(r.value);
      else setFailed(r.error.message || r.error.code);
    });
    return () => {
      live = false;
    };
  }, [receipt.receiptNumber, copy, language]);

  return (
    <figure className="receipt" data-testid="receipt-preview" data-copy={copy}>
      <figcaption className="receipt-caption">
        <span>{t('receipt.number', { number: receipt.receiptNumber })}</span>
        {copies.length > 1 ? (
          <span className="segmented segmented-small" role="tablist" aria-label={t('receipt.copies')}>
            {copies.map((c) => (
              <button
                key={c}
                type="button"
                role="tab"
                aria-selected={copy === c}
                className={`segment ${copy === c ? 'is-on' : ''}`}
                onClick={() => setCopy(c)}
                data-testid={`receipt-copy-${c}`}
              >
                {t(`receipt.copy.${c}`)}
              </button>
            ))}
          </span>
        ) : null}
      </figcaption>
      {failed ? <p className="notice tone-attention">{failed}</p> : null}
      <PrintPreview preview={preview} label={t('receipt.number', { number: receipt.receiptNumber })} loading={!preview && !failed} testId="receipt-paper" />
    </figure>
  );
}
