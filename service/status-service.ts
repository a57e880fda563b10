// The status strip's one view: who, which shift, training or live, device health and the sync backlog.
import type { TillContext } from './context';
import type { DeviceStatusView, StatusView } from './contract';
import { openShiftRow } from './shift-service';
import { userView } from './session-service';

/** Device health comes from the providers registered in ctx.deviceStatus; until one is, the device shows its config. */
export function statusView(ctx: TillContext): StatusView {
  const shift = openShiftRow(ctx);
  const fromConfig: DeviceStatusView[] = (['pinpad', 'printer', 'acquirer'] as const).map((kind) => {
    const mode = ctx.config[kind].mode;
    return {
      kind,
      health: mode === 'none' ? 'not-configured' : mode === 'device' ? 'offline' : 'simulated',
      detail: mode === 'none' ? 'not configured' : mode === 'device' ? 'not connected yet' : 'training simulator',
      detailZh: mode === 'none' ? '未配置' : mode === 'device' ? '尚未连接' : '培训模拟器',
      code: null,
      address: ctx.config[kind].address ?? null,
      lastSeenAt: null,
    };
  });
  const devices = fromConfig.map((d) => ctx.deviceStatus.get(d.kind)?.() ?? d);
  // The acquirer's store-and-forward tables (migration 3), this mode's rows only: training never mixes with live.
  const training = ctx.config.training ? 1 : 0;
  const backlog = ctx.sql<[number], { n: number }>('SELECT pending_count AS n FROM acquirer_counters WHERE training = ?').get(training)?.n ?? 0;
  const review = ctx.sql<[number], { n: number }>('SELECT count(*) AS n FROM acquirer_manual_review WHERE training = ?').get(training)!.n;
  const acquirer = devices.find((d) => d.kind === 'acquirer');
  return {
    tillId: ctx.config.tillId,
    training: ctx.config.training,
    storeName: ctx.config.storeName,
    currency: ctx.config.currency,
    session: ctx.session ? { user: userView(ctx.session.user), loggedInAt: ctx.session.loggedInAt } : null,
    shift: shift ? { shiftId: shift.shift_id, number: shift.number, openedAt: shift.opened_at } : null,
    devices,
    sync: { online: acquirer?.health === 'ok' || acquirer?.health === 'simulated', backlog, reviewCount: review },
    now: ctx.now(),
  };
}

export function statusService(ctx: TillContext) {
  return {
    'status.get': () => statusView(ctx),
  };
}
