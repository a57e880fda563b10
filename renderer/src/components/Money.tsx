// An amount as the cashier reads it: locale formatting, tabular digits, negative amounts marked. Display only.
import { formatMoney } from '../i18n/format';
import { useUiStore } from '../stores/ui';

export function Money({ amount, currency, className }: { amount: number; currency: string; className?: string }) {
  const language = useUiStore((s) => s.language);
  const classes = ['money', amount < 0 ? 'money-negative' : '', className ?? ''].filter(Boolean).join(' ');
  return <span className={classes}>{formatMoney(amount, currency, language)}</span>;
}
