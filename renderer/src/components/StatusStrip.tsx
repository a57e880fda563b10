// The thin strip that tells the state at one glance: user, shift, training, PIN pad, printer, acquirer link, sync.
// Colour + icon + word for every state (never colour alone). Reads stores only.
import type { DeviceHealth, DeviceStatusView } from '../../../service/contract';
import { localDetail } from '../i18n/format';
import { useSessionStore } from '../stores/session';
import { useShiftStore } from '../stores/shift';
import { useStatusStore } from '../stores/status';
import { useT, useUiStore } from '../stores/ui';
import { Icon, type IconName } from './Icon';

const tone: Record<DeviceHealth, 'ok' | 'attention' | 'stop' | 'info'> = {
  ok: 'ok',
  attention: 'attention',
  offline: 'stop',
  simulated: 'info',
  'not-configured': 'info',
};
const toneIcon: Record<'ok' | 'attention' | 'stop' | 'info', IconName> = { ok: 'ok', attention: 'attention', stop: 'stop', info: 'info' };
const deviceIcon: Record<DeviceStatusView['kind'], IconName> = { pinpad: 'pinpad', printer: 'printer', acquirer: 'link' };

export function StatusStrip() {
  const t = useT();
  const status = useStatusStore((s) => s.status);
  const connected = useStatusStore((s) => s.connected);
  const session = useSessionStore((s) => s.session);
  const logout = useSessionStore((s) => s.logout);
  const setLanguage = useSessionStore((s) => s.setLanguage);
  const shift = useShiftStore((s) => s.shift);
  const language = useUiStore((s) => s.language);
  const setUiLanguage = useUiStore((s) => s.setLanguage);

  const devices = status?.devices ?? [];
  const device = (kind: DeviceStatusView['kind']) => devices.find((d) => d.kind === kind);
  const deviceLabel = { pinpad: t('status.pinpad'), printer: t('status.printer'), acquirer: t('status.acquirer') };

  const switchLanguage = () => {
    const next = language === 'en' ? 'zh' : 'en';
    if (session) void setLanguage(next);
    else setUiLanguage(next);
  };

  return (
    <header className="status-strip" data-testid="status-strip">
      <div className="status-group">
        <span className={`status-item status-store ${session ? '' : 'status-store-always'}`}>{status?.storeName ?? t('app.title')}</span>
        {session ? (
          <span className="status-item" data-testid="status-user">
            <Icon name="user" />
            {session.user.displayName}
            <span className="status-sub">{t(`role.${session.user.role}`)}</span>
          </span>
        ) : null}
        {session ? (
          <span className="status-item" data-testid="status-shift">
            <Icon name="clock" />
            {shift ? t('status.shift', { number: shift.number }) : t('status.noShift')}
          </span>
        ) : null}
        {status?.training ? (
          <span className="status-item badge badge-training" data-testid="status-training">
            <Icon name="training" />
            {t('status.training')}
          </span>
        ) : null}
      </div>
      <div className="status-group status-devices">
        {!connected ? (
          <span className="status-item tone-stop" role="alert">
            <Icon name="stop" />
            {t('status.connectionLost')}
          </span>
        ) : null}
        {(['pinpad', 'printer'] as const).map((kind) => {
          const d = device(kind);
          const health: DeviceHealth = d?.health ?? 'not-configured';
          return (
            <span key={kind} className={`status-item tone-${tone[health]}`} title={localDetail(d, language)} data-testid={`status-${kind}`}>
              <Icon name={deviceIcon[kind]} />
              <span className="device-name">{deviceLabel[kind]}</span>
              <span className="status-word">
                <Icon name={toneIcon[tone[health]]} className="icon-small" />
                {t(`status.health.${health}`)}
              </span>
            </span>
          );
        })}
        {status ? (
          <span className={`status-item tone-${status.sync.online ? 'ok' : 'stop'}`} data-testid="status-acquirer" title={localDetail(device('acquirer'), language)}>
            <Icon name="link" />
            <span className="device-name">{deviceLabel.acquirer}</span>
            <span className="status-word">
              <Icon name={status.sync.online ? 'ok' : 'stop'} className="icon-small" />
              {status.sync.online ? t('status.online') : t('status.offline')}
            </span>
            {status.sync.reviewCount > 0 ? (
              <span className="status-word tone-attention">
                <Icon name="attention" className="icon-small" />
                {t('status.review', { count: status.sync.reviewCount })}
              </span>
            ) : null}
            {status.sync.backlog > 0 ? (
              <span className="status-word tone-attention" data-testid="status-backlog" title={t('status.waitingToSync', { count: status.sync.backlog })}>
                <Icon name="sync" className="icon-small" />
                {t('status.waitingShort', { count: status.sync.backlog })}
              </span>
            ) : null}
          </span>
        ) : null}
        <button type="button" className="strip-button" onClick={switchLanguage} data-testid="language-switch" lang={language === 'en' ? 'zh-CN' : 'en'}>
          {t('lang.switchTo')}
        </button>
        {session ? (
          <button type="button" className="strip-button" onClick={() => void logout()} data-testid="logout">
            {t('status.logout')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
