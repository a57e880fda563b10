// The support view (technician, manager): one card per device (what, where, last seen, status in words + colour +
// icon, actions Test / Status / Trace), the live frame trace (hex beside meaning, pausable, exportable), discovered
// serial ports with why discovery fell back, the diagnostics bundle and the ledger check; Reconnect for the PIN pad
// and printer; in training only, what the simulated PIN pad answers next.
import { useEffect, useState, type FormEvent } from 'react';
import type { DeviceHealth, DeviceStatusView, DeviceTraceView } from '../../../../service/contract';
import { ActionButton } from '../../components/ActionButton';
import { Icon, type IconName } from '../../components/Icon';
import type { MessageKey } from '../../i18n';
import { formatDateTime, localDetail, localeOf } from '../../i18n/format';
import { downloadBytes } from '../../lib/download';
import { useDeviceStore, type TraceDevice } from '../../stores/devices';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';

const TONE: Record<DeviceHealth, 'ok' | 'attention' | 'stop' | 'info'> = {
  ok: 'ok',
  simulated: 'info',
  attention: 'attention',
  offline: 'stop',
  'not-configured': 'info',
};
const TONE_ICON = { ok: 'ok', attention: 'attention', stop: 'stop', info: 'info' } as const;
const DEVICE_ICON: Record<TraceDevice, IconName> = { pinpad: 'pinpad', printer: 'printer', acquirer: 'link' };
const DEVICES: TraceDevice[] = ['pinpad', 'printer', 'acquirer'];

/** A frame's time to the millisecond, in the till's local time: frames of one exchange come within milliseconds. */
export function traceTime(iso: string, language: 'en' | 'zh'): string {
  return new Intl.DateTimeFormat(localeOf(language), { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false }).format(new Date(iso));
}

/** The trace as a text file a technician can attach to a ticket: one frame a line, hex beside its meaning. */
export function traceText(traces: readonly DeviceTraceView[]): string {
  return traces.map((x) => `${x.at}\t${x.device}\t${x.direction === 'in' ? '<-' : x.direction === 'out' ? '->' : '--'}\t${x.kind}\t${x.hex}\t${x.meaning}`).join('\n') + '\n';
}

export function SupportSection() {
  const devices = useDeviceStore((s) => s.devices);
  const { loadDevices, loadTraces } = useDeviceStore.getState();
  useEffect(() => {
    void loadDevices();
    void loadTraces();
  }, [loadDevices, loadTraces]);
  return (
    <div className="support" data-testid="support-view">
      <div className="device-cards">
        {DEVICES.map((kind) => (
          <DeviceCard key={kind} kind={kind} device={devices?.devices.find((d) => d.kind === kind) ?? null} />
        ))}
      </div>
      <div className="support-lower">
        <TraceList />
        <div className="support-side">
          <TrainingScenario />
          <SupportTools />
        </div>
      </div>
    </div>
  );
}

function DeviceCard({ kind, device }: { kind: TraceDevice; device: DeviceStatusView | null }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const result = useDeviceStore((s) => s.results[kind]);
  const busy = useDeviceStore((s) => s.busy);
  const filter = useDeviceStore((s) => s.traceFilter);
  const store = useDeviceStore.getState();
  const health: DeviceHealth = device?.health ?? 'not-configured';
  const tone = TONE[health];
  const test = kind === 'pinpad' ? store.testPinpad : kind === 'printer' ? store.testPrinter : store.syncNow;
  const status = kind === 'printer' ? store.printerStatus : kind === 'acquirer' ? store.loadSync : store.loadDevices;
  return (
    <section className={`device-card tone-border-${tone}`} data-testid={`device-${kind}`}>
      <header className="device-head">
        <Icon name={DEVICE_ICON[kind]} />
        <h2 className="section-title">{t(kind === 'pinpad' ? 'status.pinpad' : kind === 'printer' ? 'status.printer' : 'status.acquirer')}</h2>
        <span className={`state-word tone-${tone}`} data-testid={`device-${kind}-health`}>
          <Icon name={TONE_ICON[tone]} className="icon-small" />
          {t(`status.health.${health}`)}
        </span>
      </header>
      <p className="device-detail" data-testid={`device-${kind}-detail`}>{device ? localDetail(device, language) : '—'}</p>
      <p className="device-where small">
        <span className="muted">{t('support.where')}</span> <span className="mono">{device?.address ?? '—'}</span>
        <br />
        <span className="muted">{t('support.lastSeen')}</span> {device?.lastSeenAt ? formatDateTime(device.lastSeenAt, language) : t('support.never')}
      </p>
      {result ? (
        <div className={`device-result tone-${result.tone}`} role="status" data-testid={`device-${kind}-result`}>
          {(result.device ? [localDetail(result.device, language)] : result.lines).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      ) : null}
      <div className="device-actions">
        <ActionButton label={busy === kind || busy === 'printerTest' || busy === 'syncNow' ? t('common.working') : t('support.test')} onClick={() => void test()} disabled={busy !== null} className="action-small" testId={`device-${kind}-test`} />
        <ActionButton label={t('support.statusAction')} onClick={() => void status()} disabled={busy !== null} className="action-small" testId={`device-${kind}-status`} />
        <ActionButton label={filter === kind ? t('support.traceAll') : t('support.trace')} onClick={() => void store.loadTraces(filter === kind ? null : kind)} className="action-small" testId={`device-${kind}-trace`} />
        {kind !== 'acquirer' ? (
          <ActionButton label={busy === `reconnect-${kind}` ? t('common.working') : t('support.reconnect')} onClick={() => void store.reconnect(kind)} disabled={busy !== null} className="action-small" testId={`device-${kind}-reconnect`} />
        ) : null}
      </div>
    </section>
  );
}

function TraceList() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const traces = useDeviceStore((s) => s.traces);
  const paused = useDeviceStore((s) => s.paused);
  const missed = useDeviceStore((s) => s.missedWhilePaused);
  const filter = useDeviceStore((s) => s.traceFilter);
  const { setPaused, clearTraces } = useDeviceStore.getState();
  const newestFirst = [...traces].reverse();
  const exportTrace = () => downloadBytes(`trace-${filter ?? 'all'}-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`, 'text/plain;charset=utf-8', traceText(traces));
  return (
    <section className="card trace-card" data-testid="trace-list" aria-label={t('support.traceTitle')}>
      <div className="toolbar">
        <h2 className="section-title grow">
          {t('support.traceTitle')} · {filter ? t(filter === 'pinpad' ? 'status.pinpad' : filter === 'printer' ? 'status.printer' : 'status.acquirer') : t('support.allDevices')}
        </h2>
        <span className={`state-word ${paused ? 'tone-attention' : 'tone-ok'}`} data-testid="trace-state">
          <Icon name={paused ? 'attention' : 'sync'} className="icon-small" />
          {paused ? t('support.pausedMissed', { count: missed }) : t('support.live')}
        </span>
        <ActionButton label={paused ? t('support.resume') : t('support.pause')} onClick={() => setPaused(!paused)} className="action-small" testId="trace-pause" />
        <ActionButton label={t('common.clear')} onClick={clearTraces} className="action-small" />
        <ActionButton label={t('support.exportTrace')} onClick={exportTrace} disabled={traces.length === 0} className="action-small" testId="trace-export" />
      </div>
      <div className="table-scroll trace-scroll">
        <table className="data-table trace-table">
          <thead>
            <tr>
              <th scope="col">{t('support.time')}</th>
              <th scope="col">{t('support.device')}</th>
              <th scope="col" aria-label={t('support.direction')}>⇄</th>
              <th scope="col">{t('support.hex')}</th>
              <th scope="col">{t('support.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((x, i) => (
              <tr key={`${traces.length - i}-${x.at}`} className={`trace-${x.direction}`} data-testid="trace-row" data-device={x.device}>
                <td className="num trace-time">{traceTime(x.at, language)}</td>
                <td className="trace-device">
                  <Icon name={DEVICE_ICON[x.device]} className="icon-small" />
                  {t(`support.device.${x.device}`)}
                </td>
                <td className="trace-dir">{x.direction === 'in' ? '←' : x.direction === 'out' ? '→' : '·'}</td>
                <td className="mono trace-hex">{x.hex}</td>
                <td className="trace-meaning">{x.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {traces.length === 0 ? <p className="muted">{t('support.noTrace')}</p> : null}
      </div>
    </section>
  );
}

/** The simulated PIN pad's answers a trainer shows most (docs/zvt.md lists every scenario token). */
const SCENARIOS: { token: string; label: MessageKey }[] = [
  { token: 'approve', label: 'support.scenario.approve' },
  { token: 'decline:51', label: 'support.scenario.decline51' },
  { token: 'decline:05', label: 'support.scenario.decline05' },
  { token: 'customer-abort', label: 'support.scenario.customerAbort' },
  { token: 'pin-timeout', label: 'support.scenario.pinTimeout' },
];
const OTHER = 'other';
/** The service's own rule for a scenario (lower-case tokens, comma-separated): checked here only to keep Set greyed. */
const SCENARIO_TEXT = /^[a-z0-9:,-]{1,100}$/;

/**
 * Training only (status.training): the service refuses it on a live till (FORBIDDEN), and the control is not even
 * shown there, so a trainer's switch can never look like it reaches a real terminal.
 */
function TrainingScenario() {
  const t = useT();
  const training = useStatusStore((s) => s.status?.training ?? false);
  const current = useDeviceStore((s) => s.scenario);
  const busy = useDeviceStore((s) => s.busy);
  const [choice, setChoice] = useState(SCENARIOS[0]!.token);
  const [other, setOther] = useState('');
  if (!training) return null;
  const token = choice === OTHER ? other.trim() : choice;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (SCENARIO_TEXT.test(token)) void useDeviceStore.getState().setScenario(token);
  };
  return (
    <form className="card training-scenario" onSubmit={submit} data-testid="training-scenario">
      <h2 className="section-title state-word">
        <Icon name="training" />
        {t('support.scenarioTitle')}
      </h2>
      <p className="small muted">{t('support.scenarioHint')}</p>
      <select className="input" value={choice} onChange={(e) => setChoice(e.target.value)} aria-label={t('support.scenarioTitle')} data-testid="scenario-choice">
        {SCENARIOS.map((x) => (
          <option key={x.token} value={x.token}>
            {t(x.label)}
          </option>
        ))}
        <option value={OTHER}>{t('support.scenarioCustom')}</option>
      </select>
      <div className="scenario-row">
        {choice === OTHER ? (
          <input className="input mono" value={other} onChange={(e) => setOther(e.target.value.toLowerCase())} placeholder="card-delay:2000,decline:05" aria-label={t('support.scenarioCustom')} data-testid="scenario-other" />
        ) : (
          <span className="grow" />
        )}
        <button type="submit" className="action action-primary action-small" disabled={busy !== null || !SCENARIO_TEXT.test(token)} data-testid="scenario-set">
          <span className="action-label">{t('support.scenarioSet')}</span>
        </button>
      </div>
      {current ? (
        <p className="state-word tone-ok" role="status" data-testid="scenario-current">
          <Icon name="ok" className="icon-small" />
          {t('support.scenarioDone', { scenario: current })}
        </p>
      ) : null}
    </form>
  );
}

function SupportTools() {
  const t = useT();
  const devices = useDeviceStore((s) => s.devices);
  const db = useDeviceStore((s) => s.dbCheck);
  const busy = useDeviceStore((s) => s.busy);
  const audit = useDeviceStore((s) => s.audit);
  const language = useUiStore((s) => s.language);
  const { downloadDiagnostics, checkDb, loadAudit } = useDeviceStore.getState();
  const dbOk = db ? db.integrity === 'ok' && db.auditChain === 'ok' && db.receiptSeriesContiguous : null;
  return (
    <section className="card support-tools" data-testid="support-tools">
      <h2 className="section-title">{t('support.ports')}</h2>
      <ul className="port-list" data-testid="ports">
        {(devices?.ports ?? []).map((p) => (
          <li key={p.path}>
            <span className="mono">{p.path}</span> <span className="name-secondary">{[p.kind, p.manufacturer, p.source].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
        {devices && devices.ports.length === 0 ? <li className="muted">{t('support.noPorts')}</li> : null}
      </ul>
      {devices?.discoveryNote ? (
        <p className="notice tone-info" data-testid="discovery-note">
          <Icon name="info" />
          <span>{t('support.fallback')} {devices.discoveryNote}</span>
        </p>
      ) : null}
      <div className="toolbar">
        <ActionButton label={busy === 'diagnostics' ? t('common.working') : t('support.diagnostics')} onClick={() => void downloadDiagnostics()} disabled={busy !== null} testId="diagnostics" />
        <ActionButton label={busy === 'db' ? t('common.working') : t('support.dbCheck')} onClick={() => void checkDb()} disabled={busy !== null} testId="db-check" />
        <ActionButton label={busy === 'audit' ? t('common.working') : t('support.audit')} onClick={() => void loadAudit()} disabled={busy !== null} testId="audit-tail" />
      </div>
      {db ? (
        <div className={`device-result tone-${dbOk ? 'ok' : 'stop'}`} role="status" data-testid="db-result">
          <p>
            <Icon name={dbOk ? 'ok' : 'stop'} className="icon-small" /> {dbOk ? t('support.dbOk') : t('support.dbProblem')}
          </p>
          <p className="small">
            {t('support.dbDetail', { integrity: db.integrity, chain: db.auditChain, entries: db.auditEntries, version: db.schemaVersion })}
            {db.receiptSeriesContiguous ? '' : ` · ${t('support.receiptGap')}`}
          </p>
        </div>
      ) : null}
      {audit ? (
        <ol className="audit-list" aria-label={t('support.audit')} data-testid="audit-list">
          {audit.map((a) => (
            <li key={a.seq}>
              <span className="num small">{traceTime(a.at, language)}</span> <strong>{a.action}</strong>{' '}
              <span className="name-secondary">
                {a.actor ?? '—'}
                {a.approver ? ` · ${t('support.approver', { name: a.approver })}` : ''}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
