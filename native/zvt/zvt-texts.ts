// Cashier-facing texts for ZVT codes (PA00P015 §10 result codes, §3.7 intermediate status, §11 terminal status) in
// English and Simplified Chinese. Pure data: never imports I/O or the service.

export interface CashierMessage {
  en: string;
  zh: string;
}

/** Result codes (BMP 27, 06 1E, 84 xx) → cashier message. Host codes 01–63 fall back to a generic decline. */
export const ZVT_RESULT_MESSAGES: Readonly<Record<number, CashierMessage>> = {
  0x00: { en: 'Approved', zh: '交易成功' },
  0x05: { en: 'Declined by the card issuer', zh: '发卡行拒绝交易' },
  0x33: { en: 'Card expired (issuer)', zh: '卡已过期（发卡行）' },
  0x37: { en: 'Wrong PIN', zh: '密码错误' },
  0x51: { en: 'Insufficient funds', zh: '余额不足' },
  0x64: { en: 'Card not readable', zh: '无法读卡' },
  0x65: { en: 'Card data not present', zh: '卡数据缺失' },
  0x66: { en: 'Processing error', zh: '处理错误' },
  0x67: { en: 'Function not permitted for this card', zh: '此卡不支持该功能' },
  0x68: { en: 'Function not permitted for this card', zh: '此卡不支持该功能' },
  0x6a: { en: 'Terminal turnover file full: run end of day', zh: '终端交易存储已满，请先日结' },
  0x6b: { en: 'Function deactivated on the terminal', zh: '终端已停用此功能' },
  0x6c: { en: 'Cancelled (abort key or timeout)', zh: '交易已取消（取消键或超时）' },
  0x6e: { en: 'Card in blocked list', zh: '卡片已被列入黑名单' },
  0x6f: { en: 'Wrong currency', zh: '币种错误' },
  0x71: { en: 'Credit not sufficient', zh: '信用额度不足' },
  0x72: { en: 'Chip error', zh: '芯片错误' },
  0x73: { en: 'Card data incorrect', zh: '卡数据错误' },
  0x77: { en: 'End of day not possible', zh: '无法日结' },
  0x78: { en: 'Card expired', zh: '卡已过期' },
  0x79: { en: 'Card not yet valid', zh: '卡尚未生效' },
  0x7a: { en: 'Card unknown', zh: '无法识别的卡' },
  0x7d: { en: 'Communication error', zh: '通信错误' },
  0x83: { en: 'Function not possible now', zh: '当前无法执行此功能' },
  0x85: { en: 'Key missing on the terminal', zh: '终端缺少密钥' },
  0x89: { en: 'PIN pad defective', zh: '密码键盘故障' },
  0x9a: { en: 'Protocol error between till and terminal', zh: '收银机与终端协议错误' },
  0x9b: { en: 'Error from dial-up or communication', zh: '拨号或通信错误' },
  0x9c: { en: 'Please wait', zh: '请稍候' },
  0xa0: { en: 'Receiver not ready', zh: '接收方未就绪' },
  0xa1: { en: 'Remote station does not respond', zh: '远端无响应' },
  0xa3: { en: 'No connection to the host', zh: '无法连接主机' },
  0xa4: { en: 'Submission of Geldkarte not possible', zh: '无法提交电子钱包交易' },
  0xb1: { en: 'Terminal memory full', zh: '终端存储已满' },
  0xb2: { en: 'Merchant journal full', zh: '商户流水已满' },
  0xb4: { en: 'Already reversed', zh: '该交易已撤销' },
  0xb5: { en: 'Reversal not possible', zh: '无法撤销该交易' },
  0xb7: { en: 'Pre-authorisation incorrect', zh: '预授权错误' },
  0xb8: { en: 'Error in pre-authorisation', zh: '预授权出错' },
  0xbf: { en: 'Voltage supply too low', zh: '供电电压过低' },
  0xc0: { en: 'Card locking mechanism defective', zh: '卡锁装置故障' },
  0xc1: { en: 'Merchant card locked', zh: '商户卡已锁定' },
  0xc2: { en: 'Terminal needs a diagnosis', zh: '终端需要诊断' },
  0xc3: { en: 'Maximum amount exceeded', zh: '超过最大金额' },
  0xc4: { en: 'Card profile invalid', zh: '卡配置无效' },
  0xc5: { en: 'Payment method not supported', zh: '不支持该支付方式' },
  0xc6: { en: 'Currency not applicable', zh: '币种不适用' },
  0xc8: { en: 'Amount too small', zh: '金额过小' },
  0xc9: { en: 'Maximum transaction amount too small', zh: '单笔交易上限过低' },
  0xcb: { en: 'Function only allowed in EURO', zh: '此功能仅支持欧元' },
  0xcc: { en: 'Printer not ready', zh: '打印机未就绪' },
  0xcd: { en: 'Cashback not possible', zh: '不支持返现' },
  0xd2: { en: 'Function not permitted for service cards', zh: '服务卡不允许此功能' },
  0xdc: { en: 'Card inserted', zh: '卡已插入' },
  0xdd: { en: 'Error during card eject', zh: '退卡出错' },
  0xde: { en: 'Error during card insertion', zh: '插卡出错' },
  0xe0: { en: 'Remote maintenance activated', zh: '远程维护已启动' },
  0xe2: { en: 'Card writer defective', zh: '写卡器故障' },
  0xe3: { en: 'Shutter closed', zh: '卡口已关闭' },
  0xe4: { en: 'Terminal activation required', zh: '终端需要激活' },
  0xe7: { en: 'Minimum amount not reached', zh: '未达到最低金额' },
  0xe8: { en: 'Card does not match the application', zh: '卡与应用不匹配' },
  0xf0: { en: 'Open end-of-day batch present', zh: '存在未结算的批次，请先日结' },
  0xf1: { en: 'End of day required', zh: '需要日结' },
  0xfa: { en: 'Transaction already done', zh: '交易已完成' },
  0xff: { en: 'Terminal system error', zh: '终端系统错误' },
};

export function hex2(code: number): string {
  return code.toString(16).padStart(2, '0').toUpperCase();
}

/** Cashier message for a result code; host codes 01–63 (issuer/network answers) get a generic decline text. */
export function resultMessage(code: number): CashierMessage {
  const known = ZVT_RESULT_MESSAGES[code];
  if (known) return known;
  if (code >= 0x01 && code <= 0x63) {
    return { en: `Declined by the card issuer (code ${hex2(code)})`, zh: `发卡行拒绝交易（代码 ${hex2(code)}）` };
  }
  return { en: `Terminal error (code ${hex2(code)})`, zh: `终端错误（代码 ${hex2(code)}）` };
}

/** Intermediate status (04 FF) → text for the cashier display. 0x4x = same meaning "+ remove card". */
export const ZVT_INTERMEDIATE_MESSAGES: Readonly<Record<number, CashierMessage>> = {
  0x00: { en: 'Waiting for amount confirmation', zh: '等待确认金额' },
  0x01: { en: 'Customer: please watch the PIN pad', zh: '请顾客查看密码键盘' },
  0x02: { en: 'Customer: please watch the PIN pad', zh: '请顾客查看密码键盘' },
  0x03: { en: 'Not accepted', zh: '不受理' },
  0x04: { en: 'Waiting for the host', zh: '正在等待主机响应' },
  0x05: { en: 'Sending auto-reversal', zh: '正在发送自动冲正' },
  0x06: { en: 'Sending post-bookings', zh: '正在发送补登交易' },
  0x07: { en: 'Card not admitted', zh: '不接受此卡' },
  0x08: { en: 'Card unknown / undefined', zh: '无法识别的卡' },
  0x09: { en: 'Card expired', zh: '卡已过期' },
  0x0a: { en: 'Insert card', zh: '请插卡' },
  0x0b: { en: 'Please remove card', zh: '请取卡' },
  0x0c: { en: 'Card not readable', zh: '无法读卡' },
  0x0d: { en: 'Processing error', zh: '处理错误' },
  0x0e: { en: 'Please wait', zh: '请稍候' },
  0x0f: { en: 'Starting terminal', zh: '终端正在启动' },
  0x10: { en: 'Invalid card', zh: '无效卡' },
  0x11: { en: 'Credit card system not available', zh: '信用卡系统不可用' },
  0x12: { en: 'Rejected by the host', zh: '主机拒绝' },
  0x13: { en: 'Not enough funds', zh: '余额不足' },
  0x14: { en: 'Terminal out of order', zh: '终端暂停服务' },
  0x15: { en: 'Incorrect PIN', zh: '密码错误' },
  0x16: { en: 'Card not valid yet', zh: '卡尚未生效' },
  0x17: { en: 'Please wait', zh: '请稍候' },
  0x18: { en: 'PIN try limit exceeded', zh: '密码错误次数过多' },
  0x19: { en: 'Card data incorrect', zh: '卡数据错误' },
  0x1a: { en: 'Service mode', zh: '维护模式' },
  0x1b: { en: 'Approved: please fill up', zh: '交易成功，请加油' },
  0x1c: { en: 'Approved: please take goods', zh: '交易成功，请取货' },
  0x1d: { en: 'Declined', zh: '交易被拒绝' },
  0x26: { en: 'Waiting for the card to be removed', zh: '等待取卡' },
  0x27: { en: 'Waiting for the host: do not remove card', zh: '等待主机响应，请勿取卡' },
  0x28: { en: 'Enter card', zh: '请刷卡或插卡' },
  0x29: { en: 'Waiting for confirmation', zh: '等待确认' },
  0xd2: { en: 'Connecting to the host (dial-up)', zh: '正在连接主机' },
  0xd3: { en: 'Connected to the host', zh: '已连接主机' },
  0xe0: { en: 'Please wait', zh: '请稍候' },
  0xff: { en: 'See terminal display', zh: '请查看终端显示' },
};

export function intermediateMessage(code: number): CashierMessage {
  const direct = ZVT_INTERMEDIATE_MESSAGES[code];
  if (direct) return direct;
  if (code >= 0x41 && code <= 0x5d) {
    const base = ZVT_INTERMEDIATE_MESSAGES[code - 0x40];
    if (base) return { en: `${base.en}, remove card`, zh: `${base.zh}，请取卡` };
  }
  return { en: `Terminal busy (status ${hex2(code)})`, zh: `终端处理中（状态 ${hex2(code)}）` };
}

/** Terminal status codes (Completion of 05 01, PA00P015 §11). */
export const ZVT_TERMINAL_STATUS_MESSAGES: Readonly<Record<number, CashierMessage>> = {
  0x00: { en: 'Terminal ready', zh: '终端就绪' },
  0x51: { en: 'Terminal needs initialisation', zh: '终端需要初始化' },
  0x62: { en: 'Terminal date or time wrong', zh: '终端日期或时间错误' },
  0x9c: { en: 'Terminal busy: please wait', zh: '终端忙，请稍候' },
  0xb1: { en: 'Terminal memory full', zh: '终端存储已满' },
  0xb2: { en: 'Merchant journal full', zh: '商户流水已满' },
  0xbf: { en: 'Voltage supply too low', zh: '供电电压过低' },
  0xc2: { en: 'Terminal needs a diagnosis', zh: '终端需要诊断' },
  0xcc: { en: 'Terminal printer not ready', zh: '终端打印机未就绪' },
  0xdc: { en: 'A card is inserted', zh: '终端中有卡' },
  0xdf: { en: 'Terminal out of order', zh: '终端暂停服务' },
  0xe1: { en: 'Card not completely removed', zh: '卡未完全取出' },
  0xf0: { en: 'End of day (reconciliation) required', zh: '需要日结' },
};

export function terminalStatusMessage(code: number): CashierMessage {
  return (
    ZVT_TERMINAL_STATUS_MESSAGES[code] ?? {
      en: `Terminal not ready (status ${hex2(code)})`,
      zh: `终端未就绪（状态 ${hex2(code)}）`,
    }
  );
}

/** Shown while a payment's outcome is being resolved (DESIGN §4). */
export const OUTCOME_UNKNOWN_MESSAGE: CashierMessage = {
  en: 'Outcome unknown: checking the terminal, do not present the card again',
  zh: '交易结果未知：正在向终端核实，请勿再次刷卡',
};
