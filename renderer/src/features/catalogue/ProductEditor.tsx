// Edit or create one product (catalogue.upsert). The service validates; its message is shown beside the form.
import { useState, type FormEvent } from 'react';
import type { ProductView, TillError } from '../../../../service/contract';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { formatAmountPlain, parseAmountInput } from '../../i18n/format';
import { useCatalogueStore } from '../../stores/catalogue';
import { useStatusStore } from '../../stores/status';
import { errorText, useT, useUiStore } from '../../stores/ui';

export function ProductEditor({ product, onClose }: { product: ProductView | null; onClose(): void }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const notify = useUiStore((s) => s.notify);
  const taxRates = useCatalogueStore((s) => s.taxRates);
  const upsert = useCatalogueStore((s) => s.upsert);
  const currency = product?.currency ?? useStatusStore.getState().status?.currency ?? 'EUR';
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [nameZh, setNameZh] = useState(product?.nameZh ?? '');
  const [barcodes, setBarcodes] = useState(product?.barcodes.join(', ') ?? '');
  const [price, setPrice] = useState(product ? formatAmountPlain(product.price, currency) : '');
  const [taxCode, setTaxCode] = useState(product?.taxCode ?? taxRates[0]?.code ?? '');
  const [category, setCategory] = useState(product?.category ?? '');
  const [weighed, setWeighed] = useState(product?.weighed ?? false);
  const [active, setActive] = useState(product?.active ?? true);
  const [error, setError] = useState<TillError | null>(null);
  const [busy, setBusy] = useState(false);
  const priceMinor = parseAmountInput(price, currency);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (priceMinor === null) {
      setError({ code: 'INVALID_AMOUNT', message: t('dialog.invalidNumber') });
      return;
    }
    setBusy(true);
    const r = await upsert({
      sku: sku.trim(),
      name: name.trim(),
      nameZh: nameZh.trim() || undefined,
      barcodes: barcodes.split(/[\s,;]+/).filter(Boolean),
      price: priceMinor,
      taxCode,
      category: category.trim() || undefined,
      weighed,
      active,
    });
    setBusy(false);
    if (r.ok) {
      notify('ok', t('catalogue.saved', { name: r.value.name }));
      onClose();
    } else setError(r.error);
  };

  return (
    <Dialog title={product ? t('catalogue.editTitle', { sku: product.sku }) : t('catalogue.newProduct')} onClose={onClose} className="product-editor" testId="product-editor">
      <form onSubmit={submit} className="form-grid">
        <label className="field">
          <span className="field-label">{t('catalogue.sku')}</span>
          <input className="input" value={sku} onChange={(e) => setSku(e.target.value)} readOnly={product !== null} required maxLength={64} data-autofocus={product === null ? true : undefined} />
        </label>
        <label className="field">
          <span className="field-label">{t('catalogue.price')}</span>
          <input className="input input-amount" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required />
        </label>
        <label className="field span-2">
          <span className="field-label">{t('catalogue.name')}</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-autofocus={product !== null ? true : undefined} />
        </label>
        <label className="field span-2">
          <span className="field-label">{t('catalogue.nameZh')}</span>
          <input className="input" lang="zh-CN" value={nameZh} onChange={(e) => setNameZh(e.target.value)} maxLength={200} />
        </label>
        <label className="field span-2">
          <span className="field-label">{t('catalogue.barcodes')}</span>
          <input className="input mono" value={barcodes} onChange={(e) => setBarcodes(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('catalogue.taxCode')}</span>
          <select className="input" value={taxCode} onChange={(e) => setTaxCode(e.target.value)}>
            {taxRates.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} · {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('catalogue.category')}</span>
          <input className="input" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} />
        </label>
        <label className="check">
          <input type="checkbox" checked={weighed} onChange={(e) => setWeighed(e.target.checked)} />
          <span>{t('catalogue.weighed')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <span>{t('catalogue.active')}</span>
        </label>
        {error ? (
          <p className="field-error span-2" role="alert">
            <Icon name="stop" />
            <span>{errorText(error, language)}</span>
          </p>
        ) : null}
        <div className="row span-2">
          <button type="button" className="action action-quiet" onClick={onClose}>
            <span className="action-label">{t('common.cancel')}</span>
            <kbd className="action-key">Esc</kbd>
          </button>
          <button type="submit" className="action action-primary grow" disabled={busy}>
            <span className="action-label">{t('common.save')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
