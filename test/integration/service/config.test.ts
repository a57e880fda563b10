// Switching to real devices is configuration: validated, audited, stored, applied at restart.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../../service/open-till';
import { errCode, ok } from '../../support/till';

describe('configuration', () => {
  it('a manager points the printer at a device; a bad patch is refused and nothing changes; the till restarts with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'till-config-'));
    const till = await openTill({ dataDir, config: { acquirer: { mode: 'none' } } as never });
    ok(await till.api['session.login']({ username: 'tech', pin: '3333' }));
    expect(errCode(await till.api['admin.configSet']({ patch: { training: false } }))).toBe('FORBIDDEN');
    expect(errCode(await till.api['admin.configSet']({ patch: { pinpad: { mode: 'device' } } }))).toBe('VALIDATION_FAILED');
    expect(errCode(await till.api['admin.configSet']({ patch: { currency: 'XXX1' } }))).toBe('VALIDATION_FAILED');
    const saved = ok(await till.api['admin.configSet']({ patch: { printer: { mode: 'none' }, pinpad: { mode: 'none' }, storeName: 'Corner Shop 街角小店' } }));
    expect(saved.restartRequired).toBe(true);
    await till.close();
    const again = await openTill({ dataDir });
    ok(await again.api['session.login']({ username: 'tech', pin: '3333' }));
    const config = ok(await again.api['admin.configGet']({}));
    expect(config).toMatchObject({ storeName: 'Corner Shop 街角小店', printer: { mode: 'none' }, pinpad: { mode: 'none' } });
    const status = ok(await again.api['status.get']({}));
    expect(status.devices.find((d) => d.kind === 'pinpad')!.health).toBe('not-configured');
    await again.close();
  });
});
