// The two word lists of the screens: same keys, no empty text, same placeholders, and UX.md's words where they apply.
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zh } from '../../../renderer/src/i18n/zh';
import { interpolate, translate } from '../../../renderer/src/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  it('English and Chinese have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zh)]) expect(text.trim(), key).not.toBe('');
  });

  it('each key uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });

  it('uses the word table of UX.md for the core concepts', () => {
    expect(zh['totals.total']).toBe('合计');
    expect(zh['pay.amountDue']).toBe('应收');
    expect(zh['pay.tendered']).toBe('实收');
    expect(zh['pay.changeDue']).toContain('找零');
    expect(zh['pay.cash']).toBe('现金');
    expect(zh['pay.card']).toBe('银行卡');
    expect(zh['action.discount']).toBe('折扣');
    expect(zh['action.price']).toBe('改价');
    expect(zh['action.suspend']).toBe('挂单');
    expect(zh['action.resume']).toBe('取单');
    expect(zh['action.voidLine']).toBe('删除');
    expect(zh['action.voidSale']).toBe('作废');
    expect(zh['action.return']).toBe('退货');
    expect(zh['pay.printAgain']).toBe('重打');
    expect(zh['shift.float']).toBe('备用金');
    expect(zh['status.pinpad']).toBe('密码键盘');
    expect(zh['status.printer']).toBe('小票打印机');
    expect(zh['status.offline']).toBe('离线');
    expect(zh['role.manager']).toBe('店长');
    expect(zh['role.cashier']).toBe('收银员');
  });

  it('interpolates parameters and leaves unknown placeholders visible', () => {
    expect(translate('en', 'status.shift', { number: 3 })).toBe('Shift 3');
    expect(translate('zh', 'status.waitingToSync', { count: 2 })).toBe('2 笔待同步');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
