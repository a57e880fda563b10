// The day at a glance for a manager who would rather look than read: sales per hour (bars) and the tender mix
// (a ring), drawn with recharts; the figures stay beside the chart as text (never colour alone).
import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Money } from '../../components/Money';
import { formatMoney, localeOf } from '../../i18n/format';
import { useEodStore } from '../../stores/eod';
import { useT, useUiStore } from '../../stores/ui';
import { tenderLabel } from './ReportFigures';

const TENDER_COLOURS = ['#2f4fb5', '#17703a', '#8a4b00', '#6b3fa0', '#1a5d9c'];

/** The hours worth drawing: from the first to the last hour with a sale (at least 08–20, so an idle day has a frame). */
export function hoursToShow(hours: { hour: number; count: number; amount: number }[]): { hour: number; count: number; amount: number }[] {
  const active = hours.filter((h) => h.count > 0).map((h) => h.hour);
  const from = Math.min(8, ...active);
  const to = Math.max(20, ...active);
  return hours.filter((h) => h.hour >= from && h.hour <= to);
}

export function DayChartSection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const chart = useEodStore((s) => s.chart);
  useEffect(() => {
    void useEodStore.getState().loadChart();
  }, []);
  if (!chart) return <p className="muted">{t('common.working')}</p>;
  const c = chart.currency;
  const money = (v: number) => formatMoney(v, c, language);
  const hours = hoursToShow(chart.hours).map((h) => ({ ...h, label: `${String(h.hour).padStart(2, '0')}:00` }));
  const tenders = chart.tenders.filter((x) => x.amount > 0).map((x) => ({ ...x, name: tenderLabel(x.kind, t) }));
  // Shares for the legend only (a display ratio, not an amount): Intl rounds the percentage for reading.
  const total = chart.tenders.reduce((sum, x) => sum + x.amount, 0);
  const share = new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 0 });
  return (
    <div className="chart-layout" data-testid="day-chart">
      <section className="card chart-card">
        <h2 className="section-title">{t('chart.perHour')}</h2>
        <div className="chart-box" data-testid="chart-hours">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={hours} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#d3d8df" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 13 }} interval={1} />
              <YAxis tickFormatter={(v: number) => money(v)} width={90} tick={{ fontSize: 13 }} />
              <Tooltip formatter={(v) => money(Number(v))} labelFormatter={(l) => String(l)} />
              <Bar dataKey="amount" name={t('manager.sales')} fill="#2f4fb5" radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="card chart-card chart-card-narrow">
        <h2 className="section-title">{t('chart.tenderMix')}</h2>
        <div className="chart-box chart-box-pie" data-testid="chart-tenders">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={tenders} dataKey="amount" nameKey="name" innerRadius="55%" outerRadius="90%" isAnimationActive={false}>
                {tenders.map((x, i) => (
                  <Cell key={x.kind} fill={TENDER_COLOURS[i % TENDER_COLOURS.length]} />
                ))}
              </Pie>
              <Tooltip formatter={(v) => money(Number(v))} />
            </PieChart>
          </ResponsiveContainer>
        </div>
        <ul className="legend">
          {tenders.map((x, i) => (
            <li key={x.kind}>
              <span className={`swatch swatch-${i % TENDER_COLOURS.length}`} aria-hidden="true" />
              <span>{x.name}</span>
              <Money amount={x.amount} currency={c} className="legend-amount" />
              <span className="name-secondary">{total > 0 ? share.format(x.amount / total) : ''}</span>
            </li>
          ))}
          {tenders.length === 0 ? <li className="muted">{t('chart.noSales')}</li> : null}
        </ul>
      </section>
    </div>
  );
}
