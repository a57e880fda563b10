// A report's figures on screen (X or Z): sales, returns, voids, discounts, tenders, tax, card totals, cash drawer,
// reconciliation and approval. Display only: every number is the ReportView's own.
import type { ReportView } from '../../../../service/contract';
import { Money } from '../../components/Money';
import { formatDateTime, formatPercentBp } from '../../i18n/format';
import { useT, useUiStore } from '../../stores/ui';
import { DeclinedAfterOffline } from './DeclinedAfterOffline';
import { ReconciliationList } from './ReconciliationList';

export function tenderLabel(kind: string, t: ReturnType<typeof useT>): string {
  return kind === 'cash' ? t('pay.cash') : kind === 'card' ? t('pay.card') : kind;
}

export function ReportFigures({ report }: { report: ReportView }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const c = report.currency;
  return (
    <div className="report-figures" data-testid={`report-figures-${report.kind}`}>
      <p className="muted">
        {report.kind === 'z' ? t('report.zTitle', { number: report.number ?? '' }) : t('report.xTitle')} · {t('status.shift', { number: report.shiftNumber })} ·{' '}
        {formatDateTime(report.generatedAt, language)}
        {report.reprint ? ` · ${t('report.reprint')}` : ''}
      </p>
      {/* Money the shop did not collect: first, where a manager looks, not under the drawer's figures. */}
      <DeclinedAfterOffline items={report.declinedAfterOffline} currency={c} />
      <table className="figures">
        <tbody>
          <tr><th scope="row">{t('manager.sales')}</th><td className="num">{report.sales.count}</td><td className="num"><Money amount={report.sales.amount} currency={c} /></td></tr>
          <tr><th scope="row">{t('manager.returns')}</th><td className="num">{report.returns.count}</td><td className="num"><Money amount={-Math.abs(report.returns.amount)} currency={c} /></td></tr>
          <tr><th scope="row">{t('report.voids')}</th><td className="num">{report.voids.count}</td><td className="num"><Money amount={report.voids.amount} currency={c} /></td></tr>
          <tr><th scope="row">{t('report.discounts')}</th><td className="num">{report.discounts.count}</td><td className="num"><Money amount={report.discounts.amount} currency={c} /></td></tr>
          <tr><th scope="row">{t('report.overrides')}</th><td className="num">{report.overrides}</td><td /></tr>
        </tbody>
        <tbody>
          {report.tenders.map((x) => (
            <tr key={`t-${x.kind}`}><th scope="row">{tenderLabel(x.kind, t)}</th><td className="num">{x.count}</td><td className="num"><Money amount={x.amount} currency={c} /></td></tr>
          ))}
          {report.refunds.map((x) => (
            <tr key={`r-${x.kind}`}><th scope="row">{t('report.refundBy', { tender: tenderLabel(x.kind, t) })}</th><td className="num">{x.count}</td><td className="num"><Money amount={-Math.abs(x.amount)} currency={c} /></td></tr>
          ))}
        </tbody>
        <tbody>
          {report.tax.map((x) => (
            <tr key={`x-${x.taxCode}`}><th scope="row">{t('receipt.tax', { rate: formatPercentBp(x.rateBp, language) })}</th><td className="num"><Money amount={x.net} currency={c} /></td><td className="num"><Money amount={x.tax} currency={c} /></td></tr>
          ))}
        </tbody>
        <tbody>
          <tr><th scope="row">{t('shift.float')}</th><td /><td className="num"><Money amount={report.cash.float} currency={c} /></td></tr>
          <tr><th scope="row">{t('report.cashTaken')}</th><td /><td className="num"><Money amount={report.cash.taken} currency={c} /></td></tr>
          <tr><th scope="row">{t('cash.kind.paid-in')}</th><td /><td className="num"><Money amount={report.cash.paidIn} currency={c} /></td></tr>
          <tr><th scope="row">{t('cash.kind.paid-out')}</th><td /><td className="num"><Money amount={-Math.abs(report.cash.paidOut)} currency={c} /></td></tr>
          <tr><th scope="row">{t('cash.kind.safe-drop')}</th><td /><td className="num"><Money amount={-Math.abs(report.cash.safeDrops)} currency={c} /></td></tr>
          <tr className="figure-strong"><th scope="row">{t('report.cashExpected')}</th><td /><td className="num"><Money amount={report.cash.expected} currency={c} /></td></tr>
          {report.cash.counted !== null ? (
            <tr className="figure-strong"><th scope="row">{t('close.counted')}</th><td /><td className="num"><Money amount={report.cash.counted} currency={c} /></td></tr>
          ) : null}
          {report.cash.variance !== null ? (
            <tr className={report.cash.variance !== 0 ? 'figure-variance' : ''}><th scope="row">{t('close.variance')}</th><td /><td className="num"><Money amount={report.cash.variance} currency={c} /></td></tr>
          ) : null}
        </tbody>
      </table>
      {report.reconciliation.length > 0 ? <ReconciliationList items={report.reconciliation} currency={c} /> : null}
      {report.approval ? <p className="notice tone-info">{t('close.approvedBy', { name: report.approval.approver, reason: report.approval.reason })}</p> : null}
    </div>
  );
}
