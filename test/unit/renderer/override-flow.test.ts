// The manager-override flow of the renderer: a call answered MANAGER_REQUIRED waits for the dialog, wrong manager
// credentials keep it open, the approval retries the very same call with `override`, Cancel gives a quiet answer.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManagerOverride, Result } from '../../../service/contract';
import { callWithOverride, useOverrideStore } from '../../../renderer/src/stores/override';
import { OVERRIDE_CANCELLED } from '../../../renderer/src/stores/ui';

const needsManager = { ok: false as const, error: { code: 'MANAGER_REQUIRED', message: 'A discount this large needs a manager.', params: { action: 'discount', line: 1, percent: 25 } } };

function fakeService() {
  const calls: (ManagerOverride | undefined)[] = [];
  const call = async (override?: ManagerOverride): Promise<Result<string>> => {
    calls.push(override);
    if (!override) return needsManager;
    if (override.pin !== '2222') return { ok: false, error: { code: 'BAD_PIN', message: 'Wrong PIN.' } };
    return { ok: true, value: `approved by ${override.managerUsername}` };
  };
  return { calls, call };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('callWithOverride', () => {
  beforeEach(() => useOverrideStore.setState({ request: null, attemptError: null, busy: false }));

  it('passes through an answer that needs no manager', async () => {
    const r = await callWithOverride(async () => ({ ok: true, value: 1 }));
    expect(r).toEqual({ ok: true, value: 1 });
    expect(useOverrideStore.getState().request).toBeNull();
  });

  it('opens the dialog, keeps it open on a wrong PIN, and retries the same call with the approval', async () => {
    const service = fakeService();
    const pending = callWithOverride(service.call);
    await settle();
    const request = useOverrideStore.getState().request;
    expect(request?.error.params?.action).toBe('discount');

    await useOverrideStore.getState().approve({ managerUsername: 'manager', pin: '1234', reason: 'Price match' });
    expect(useOverrideStore.getState().attemptError?.code).toBe('BAD_PIN');
    expect(useOverrideStore.getState().request).not.toBeNull();

    await useOverrideStore.getState().approve({ managerUsername: 'manager', pin: '2222', reason: 'Price match' });
    await expect(pending).resolves.toEqual({ ok: true, value: 'approved by manager' });
    expect(service.calls).toEqual([
      undefined,
      { managerUsername: 'manager', pin: '1234', reason: 'Price match' },
      { managerUsername: 'manager', pin: '2222', reason: 'Price match' },
    ]);
    expect(useOverrideStore.getState().request).toBeNull();
  });

  it('closing the dialog answers OVERRIDE_CANCELLED and sends nothing more', async () => {
    const service = fakeService();
    const pending = callWithOverride(service.call);
    await settle();
    useOverrideStore.getState().cancel();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe(OVERRIDE_CANCELLED);
    expect(service.calls).toEqual([undefined]);
  });

  it('an error about the action itself (not the credentials) closes the dialog and is returned', async () => {
    let n = 0;
    const pending = callWithOverride(async (override?: ManagerOverride): Promise<Result<number>> => {
      n++;
      if (!override) return needsManager;
      return { ok: false, error: { code: 'DISCOUNT_TOO_LARGE', message: 'Too large.' } };
    });
    await settle();
    await useOverrideStore.getState().approve({ managerUsername: 'manager', pin: '2222', reason: 'x' });
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('DISCOUNT_TOO_LARGE');
    expect(n).toBe(2);
    expect(useOverrideStore.getState().request).toBeNull();
  });
});
