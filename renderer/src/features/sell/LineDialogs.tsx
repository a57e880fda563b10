// Quantity, discount and price-override dialogs for one sale line (or the whole sale, for discount).
// Parse what was typed, call the sale store (which handles the manager override), close on success.
import { useState } from 'react';
import type { ProductView, SaleLineView, SaleView } from '../../../../service/contract';
import { formatMoney, formatPercentBp, formatQuantity, parseAmountInput, parsePercentInput, parseQuantityInput, parseWeightInput } from '../../i18n/format';
import { useSaleStore } from '../../stores/sale';
import { useT, useUiStore } from '../../stores/ui';
import { EntryDialog } from './EntryDialog';
import { lineNames } from './line-name';

export type LineDialogKind = 'quantity' | 'discount' | 'price';

interface Props {
  kind: LineDialogKind;
  sale: SaleView;
  line: SaleLineView | null;
  onClose(): void;
}

export function LineDialog({ kind, sale, line, onClose }: Props) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const setQuantity = useSaleStore((s) => s.setQuantity);
  const setLineDiscount = useSaleStore((s) => s.setLineDiscount);
  const setBasketDiscount = useSaleStore((s) => s.setBasketDiscount);
  const overridePrice = useSaleStore((s) => s.overridePrice);
  const [discountKind, setDiscountKind] = useState<'percent' | 'amount'>('percent');
  const [wholeSale, setWholeSale] = useState(line === null);
  const name = line ? lineNames(line.name, line.nameZh, language).primary : '';
  const invalid = t('dialog.invalidNumber');

  if (kind === 'quantity' && line) {
    return (
      <EntryDialog
        testId="quantity-dialog"
        title={t('dialog.quantityTitle', { name })}
        label={t('sell.col.qty')}
        initial={String(line.quantity)}
        integerOnly
        echo={(text) => (text === '' || parseQuantityInput(text) !== null ? '\u00a0' : invalid)}
        onSubmit={async (text) => {
          const q = parseQuantityInput(text);
          return q !== null && (await setQuantity(line.lineId, q)).ok;
        }}
        onClose={onClose}
      />
    );
  }
  if (kind === 'price' && line) {
    return (
      <EntryDialog
        testId="price-dialog"
        title={t('dialog.priceTitle', { name })}
        label={t('sell.col.unitPrice')}
        echo={(text) => {
          const a = parseAmountInput(text, sale.currency);
          return a === null ? (text === '' ? '\u00a0' : invalid) : formatMoney(a, sale.currency, language);
        }}
        onSubmit={async (text) => {
          const a = parseAmountInput(text, sale.currency);
          return a !== null && (await overridePrice(line.lineId, a)).ok;
        }}
        onClose={onClose}
      />
    );
  }
  const target = wholeSale || !line ? null : line;
  return (
    <EntryDialog
      testId="discount-dialog"
      title={target ? t('dialog.discountTitle', { name }) : t('dialog.basketDiscountTitle')}
      label={discountKind === 'percent' ? `${t('dialog.discountPercent')} (%)` : t('dialog.discountAmount')}
      echo={(text) => {
        if (text === '') return '\u00a0';
        if (discountKind === 'percent') {
          const bp = parsePercentInput(text);
          return bp === null ? t('dialog.percentRange') : formatPercentBp(bp, language);
        }
        const a = parseAmountInput(text, sale.currency);
        return a === null || a === 0 ? invalid : formatMoney(a, sale.currency, language);
      }}
      onSubmit={async (text) => {
        let discount: { kind: 'percent'; bp: number } | { kind: 'amount'; amount: number } | null = null;
        if (discountKind === 'percent') {
          const bp = parsePercentInput(text);
          if (bp !== null) discount = { kind: 'percent', bp };
        } else {
          const amount = parseAmountInput(text, sale.currency);
          if (amount !== null && amount > 0) discount = { kind: 'amount', amount };
        }
        if (!discount) return false;
        const r = target ? await setLineDiscount(target.lineId, discount) : await setBasketDiscount(discount);
        return r.ok;
      }}
      onClose={onClose}
    >
      <div className="segmented" role="radiogroup" aria-label={t('action.discount')}>
        <button type="button" role="radio" aria-checked={discountKind === 'percent'} className={`segment ${discountKind === 'percent' ? 'is-on' : ''}`} onClick={() => setDiscountKind('percent')}>
          {t('dialog.discountPercent')} %
        </button>
        <button type="button" role="radio" aria-checked={discountKind === 'amount'} className={`segment ${discountKind === 'amount' ? 'is-on' : ''}`} onClick={() => setDiscountKind('amount')}>
          {t('dialog.discountAmount')}
        </button>
        {line ? (
          <button type="button" role="checkbox" aria-checked={wholeSale} className={`segment ${wholeSale ? 'is-on' : ''}`} onClick={() => setWholeSale((w) => !w)}>
            {t('sell.basketDiscount')}
          </button>
        ) : null}
      </div>
      {(target ? target.discount : sale.basketDiscount) ? (
        <button
          type="button"
          className="action action-quiet"
          onClick={async () => {
            const r = target ? await setLineDiscount(target.lineId, null) : await setBasketDiscount(null);
            if (r.ok) onClose();
          }}
        >
          <span className="action-label">{t('dialog.removeDiscount')}</span>
        </button>
      ) : null}
    </EntryDialog>
  );
}

/** Weight for a weighed product picked by name or scanned by its plain barcode (no weight in the code). */
export function WeightDialog({ product, onClose }: { product: ProductView; onClose(): void }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const addItem = useSaleStore((s) => s.addItem);
  const name = lineNames(product.name, product.nameZh, language).primary;
  return (
    <EntryDialog
      testId="weight-dialog"
      title={t('dialog.weightTitle', { name })}
      label={t('dialog.weightLabel')}
      echo={(text) => {
        const grams = parseWeightInput(text);
        return grams === null ? (text === '' ? '\u00a0' : t('dialog.invalidNumber')) : formatQuantity(grams, 'weight', language);
      }}
      onSubmit={async (text) => {
        const grams = parseWeightInput(text);
        return grams !== null && (await addItem(product.productId, grams)).ok;
      }}
      onClose={onClose}
    />
  );
}
