// The error catalogue: one English and one Simplified Chinese sentence per code, in the cashier's words.
// Pure (imports only core/). Words follow the table in shared/UX.md (小票, 应收, 找零, 班次, 店长…).
import { type ErrorCode, type ErrorParams, isErrorCode } from './errors';
import { formatAmount, isSupportedCurrency, type Locale } from './money';

export type Language = Locale;

/** What a template can ask of its params: raw text, money formatted in the params' currency, or a word. */
export interface MessageArgs {
  /** The param as text ('' when absent). */
  text(key: string): string;
  /** True when the param is present and not empty. */
  has(key: string): boolean;
  /** A minor-unit param formatted with params.currency ("€12.50"); the raw value when that is impossible. */
  money(key: string): string;
  /** A param that names a concept (tender kind, manager action), translated through WORDS when known. */
  word(key: string): string;
}

type Template = (a: MessageArgs) => string;

// Concept words used inside sentences (UX.md's table). Unknown values are shown as they are.
const WORDS: Record<Language, Record<string, string>> = {
  en: {
    cash: 'Cash',
    card: 'Card',
    'price-override': 'A price override',
    discount: 'A discount this large',
    'void-line': 'Voiding a line',
    'void-sale': 'Voiding the sale',
    'void-after-tender': 'Voiding after payment started',
    'return-without-receipt': 'A return without a receipt',
    'no-sale': 'Opening the drawer without a sale',
    'close-with-variance': 'Closing with a variance',
    'cash-movement': 'A paid in or paid out this large',
    'remove-tender': 'Removing a payment',
    'opening-float': 'An opening float this large',
    'requeue-payment': 'Sending a reviewed card payment again',
    'resolve-payment': 'Settling a card payment by hand',
    'floor-limit': 'the amount is over the offline limit',
    'total-cap': 'too much is already waiting to sync',
    'count-cap': 'too many card payments are already waiting to sync',
    'max-age': 'the till has been offline too long',
  },
  zh: {
    cash: '现金',
    card: '银行卡',
    'price-override': '改价',
    discount: '大额折扣',
    'void-line': '删除商品行',
    'void-sale': '作废销售',
    'void-after-tender': '付款开始后作废',
    'return-without-receipt': '无小票退货',
    'no-sale': '无销售开钱箱',
    'close-with-variance': '有差额日结',
    'cash-movement': '大额存入或支出',
    'remove-tender': '删除付款',
    'opening-float': '大额备用金',
    'requeue-payment': '重新发送待审核的银行卡付款',
    'resolve-payment': '手工处理银行卡付款',
    'floor-limit': '金额超过离线限额',
    'total-cap': '待同步金额已达上限',
    'count-cap': '待同步笔数已达上限',
    'max-age': '离线时间过长',
  },
};

type Catalogue = Record<ErrorCode, Record<Language, Template>>;

// Each sentence says what happened, then what to do next. Codes stay out of the cashier's sentence
// (the support view shows them). Keep both languages saying the same thing.
const CATALOGUE: Catalogue = {
  INVALID_AMOUNT: {
    en: () => 'That amount is not one the till can use. Type it again with digits and one decimal point, e.g. 12.50.',
    zh: () => '金额无效。请用数字和小数点重新输入，例如 12.50。',
  },
  NEGATIVE_AMOUNT: {
    en: () => 'The amount cannot be negative here. Enter it without a minus sign; for a refund use Return.',
    zh: () => '此处金额不能为负数。请去掉负号重新输入；退款请使用退货。',
  },
  AMOUNT_TOO_LARGE: {
    en: () => 'That amount is too large. Check the number and enter it again.',
    zh: () => '金额过大。请核对后重新输入。',
  },
  TOO_MANY_DECIMALS: {
    en: (a) =>
      a.text('decimals') === '0'
        ? `${a.text('currency')} has no decimal places. Enter a whole amount.`
        : `${a.text('currency')} has ${a.text('decimals')} decimal places. Enter at most ${a.text('decimals')} digits after the point.`,
    zh: (a) =>
      a.text('decimals') === '0'
        ? `${a.text('currency')} 没有小数。请输入整数金额。`
        : `${a.text('currency')} 最多 ${a.text('decimals')} 位小数。请重新输入。`,
  },
  UNKNOWN_CURRENCY: {
    en: (a) => `Currency ${a.text('currency')} is not set up on this till. Ask a manager to check the till settings.`,
    zh: (a) => `本机未设置货币 ${a.text('currency')}。请让店长检查收银机设置。`,
  },
  INVALID_ARGUMENT: {
    en: (a) => `The till was given a value it cannot use${a.has('reason') ? ` (${a.text('reason')})` : ''}. Try again; if it happens again, call support.`,
    zh: (a) => `收银机收到无法使用的数值${a.has('reason') ? `（${a.text('reason')}）` : ''}。请重试；如再次出现，请联系技术支持。`,
  },
  UNKNOWN_DENOMINATION: {
    en: (a) => `There is no ${a.money('denomination')} note or coin in ${a.text('currency')}. Check that row of the count.`,
    zh: (a) => `${a.text('currency')} 没有面额 ${a.money('denomination')} 的纸币或硬币。请检查点钞的这一行。`,
  },
  INVALID_COUNT: {
    en: (a) => `The count of ${a.money('denomination')} must be a whole number, 0 or more. Correct that row.`,
    zh: (a) => `${a.money('denomination')} 的数量必须是 0 或以上的整数。请更正这一行。`,
  },
  NO_DENOMINATIONS: {
    en: (a) => `Counting by note and coin is not set up for ${a.text('currency')}. Enter the counted total instead.`,
    zh: (a) => `${a.text('currency')} 未设置按面额点钞。请直接输入点钞总额。`,
  },
  INVALID_QUANTITY: {
    en: (a) => `The quantity must be a whole number from 1${a.has('max') ? ` to ${a.text('max')}` : ''} (weighed items in grams). Enter it again.`,
    zh: (a) => `数量必须是 1${a.has('max') ? ` 到 ${a.text('max')} ` : ' 或以上'}的整数（称重商品以克计）。请重新输入。`,
  },
  INVALID_PRICE: {
    en: () => 'The price must be 0 or more, in the till currency. Enter it again.',
    zh: () => '价格必须大于或等于 0。请重新输入。',
  },
  INVALID_TAX_RATE: {
    en: (a) => `The tax rate${a.has('taxCode') ? ` ${a.text('taxCode')}` : ''} is not valid. Ask a manager to check the tax settings.`,
    zh: (a) => `税率${a.has('taxCode') ? ` ${a.text('taxCode')} ` : ''}无效。请让店长检查税率设置。`,
  },
  INVALID_DISCOUNT: {
    en: () => 'That discount is not valid: a percentage from 0 to 100, or an amount of 0 or more.',
    zh: () => '折扣无效：百分比须在 0 到 100 之间，金额须大于或等于 0。',
  },
  DISCOUNT_TOO_LARGE: {
    en: (a) => `The discount is more than the price${a.has('max') ? ` (${a.money('max')} at most)` : ''}. Enter a smaller discount.`,
    zh: (a) => `折扣超过价格${a.has('max') ? `（最多 ${a.money('max')}）` : ''}。请输入较小的折扣。`,
  },
  TOO_MANY_LINES: {
    en: (a) => `This sale has reached the limit of ${a.text('max')} lines. Pay it and ring up the rest as a new sale.`,
    zh: (a) => `本单已达 ${a.text('max')} 行上限。请先结算，其余商品另开新单。`,
  },
  DUPLICATE_LINE: {
    en: () => 'The same line appears twice in this sale. Try again; if it happens again, call support.',
    zh: () => '同一商品行在本单中出现两次。请重试；如再次出现，请联系技术支持。',
  },
  TENDER_EXCEEDS_DUE: {
    en: (a) => `${a.word('kind')} cannot pay more than the amount due (${a.money('remaining')}). Enter ${a.money('remaining')} or less.`,
    zh: (a) => `${a.word('kind')}付款不能超过应收 ${a.money('remaining')}。请输入 ${a.money('remaining')} 或更少。`,
  },
  TENDER_NOT_ALLOWED: {
    en: (a) => `${a.word('kind')} is not accepted on this till. Choose another tender.`,
    zh: (a) => `本机不接受${a.word('kind')}付款。请选择其他付款方式。`,
  },
  RETURN_EXCEEDS_SOLD: {
    en: (a) => `Only ${a.text('returnable')} of this item can still be returned (sold ${a.text('sold')}, already returned ${a.text('returned')}). Lower the quantity.`,
    zh: (a) => `该商品最多还能退 ${a.text('returnable')}（售出 ${a.text('sold')}，已退 ${a.text('returned')}）。请减少数量。`,
  },
  REFUND_EXCEEDS_PAID: {
    en: (a) => `The refund is more than was paid${a.has('max') ? ` (${a.money('max')} at most)` : ''}. Lower the refund.`,
    zh: (a) => `退款超过原付款${a.has('max') ? `（最多 ${a.money('max')}）` : ''}。请减少退款金额。`,
  },
  INVALID_BARCODE: {
    en: (a) => `The barcode${a.has('code') ? ` ${a.text('code')}` : ''} did not read correctly. Scan it again or type the SKU.`,
    zh: (a) => `条码${a.has('code') ? ` ${a.text('code')} ` : ''}读取有误。请重新扫描或输入商品编码。`,
  },
  INVALID_EMBEDDED_RULE: {
    en: (a) => `The price/weight barcode rule${a.has('prefix') ? ` for prefix ${a.text('prefix')}` : ''} is not valid. Ask a manager to check the barcode settings.`,
    zh: (a) => `${a.has('prefix') ? `前缀 ${a.text('prefix')} 的` : ''}价格/重量条码规则无效。请让店长检查条码设置。`,
  },
  NOT_LOGGED_IN: {
    en: () => 'No one is logged in. Choose your name and enter your PIN.',
    zh: () => '尚未登录。请选择姓名并输入 PIN。',
  },
  BAD_PIN: {
    en: (a) => `Name or PIN not recognised. Try again${a.has('remaining') ? `; ${a.text('remaining')} tries left before the till locks you out` : ''}.`,
    zh: (a) => `姓名或 PIN 不正确。请重试${a.has('remaining') ? `；再错 ${a.text('remaining')} 次将被锁定` : ''}。`,
  },
  LOCKED_OUT: {
    en: (a) => `Too many wrong PINs: this user is locked for ${a.text('minutes')} minutes. Ask a manager for help.`,
    zh: (a) => `PIN 错误次数过多：该用户已锁定 ${a.text('minutes')} 分钟。请找店长协助。`,
  },
  MANAGER_REQUIRED: {
    en: (a) => `${a.has('action') ? a.word('action') : 'This action'} needs a manager. Ask a manager to enter their PIN.`,
    zh: (a) => `${a.has('action') ? a.word('action') : '此操作'}需要店长授权。请店长输入 PIN。`,
  },
  FORBIDDEN: {
    en: () => 'Your role cannot do this. Ask a manager.',
    zh: () => '您的角色无权执行此操作。请找店长。',
  },
  SHIFT_CLOSED: {
    en: () => 'No shift is open. Open a shift and count the float before selling.',
    zh: () => '没有打开的班次。请先清点备用金并打开班次。',
  },
  SHIFT_ALREADY_OPEN: {
    en: () => 'A shift is already open on this till. Carry on in it, or close it first.',
    zh: () => '本机已有打开的班次。请继续使用，或先关闭该班次。',
  },
  SALE_NOT_OPEN: {
    en: () => 'There is no sale in progress. Scan an item to start one.',
    zh: () => '当前没有进行中的销售。请扫描商品开始新销售。',
  },
  SALE_STILL_OPEN: {
    en: () => 'A sale is still open. Pay, suspend or void it before closing the shift.',
    zh: () => '仍有未完成的销售。请先结算、挂单或作废，再关闭班次。',
  },
  PRODUCT_NOT_FOUND: {
    en: (a) => `No product found${a.has('code') ? ` for ${a.text('code')}` : ''}. Check the code or search by name.`,
    zh: (a) => `未找到${a.has('code') ? ` ${a.text('code')} 对应的` : ''}商品。请核对编码或按名称搜索。`,
  },
  LINE_NOT_FOUND: {
    en: () => 'That line is no longer in the sale. Select the line again.',
    zh: () => '该商品行已不在本单中。请重新选择。',
  },
  NOTHING_TO_PAY: {
    en: () => 'Nothing is left to pay. Press New sale to carry on.',
    zh: () => '已无应收金额。请按“新销售”继续。',
  },
  PAYMENT_IN_PROGRESS: {
    en: () => 'A card payment is already in progress. Wait for it to finish, or cancel it first.',
    zh: () => '已有银行卡付款正在进行。请等待完成，或先取消。',
  },
  PAYMENT_UNRESOLVED: {
    en: () => 'A card payment still has an unknown outcome. Resolve it before closing the shift.',
    zh: () => '仍有结果未知的银行卡付款。请先处理，再关闭班次。',
  },
  RECEIPT_NOT_FOUND: {
    en: (a) => `Receipt ${a.text('receiptNumber')} was not found. Check the number printed on the receipt and try again.`,
    zh: (a) => `未找到小票 ${a.text('receiptNumber')}。请核对小票上的号码后重试。`,
  },
  VALIDATION_FAILED: {
    en: (a) => `Some details are missing or not valid${a.has('field') ? ` (${a.text('field')})` : ''}. Check them and try again.`,
    zh: (a) => `部分信息缺失或无效${a.has('field') ? `（${a.text('field')}）` : ''}。请检查后重试。`,
  },
  UNKNOWN_METHOD: {
    en: () => 'The till did not understand that request. Restart the till; if it happens again, call support.',
    zh: () => '收银机无法识别该请求。请重启收银机；如再次出现，请联系技术支持。',
  },
  DUPLICATE_BARCODE: {
    en: (a) => `Barcode ${a.text('code')} already belongs to another product. Use another barcode or change that product.`,
    zh: (a) => `条码 ${a.text('code')} 已属于其他商品。请换用其他条码或修改该商品。`,
  },
  VARIANCE_NEEDS_MANAGER: {
    en: (a) => `The count differs from the expected cash by ${a.money('variance')}. A manager must approve the close with a reason.`,
    zh: (a) => `点钞与应有现金差额为 ${a.money('variance')}。需店长填写原因并批准日结。`,
  },
  DB_CORRUPT: {
    en: () => 'The till data file is damaged, so selling has stopped to protect the records. Call support; do not delete anything.',
    zh: () => '收银数据文件已损坏，为保护记录已停止收银。请联系技术支持，不要删除任何文件。',
  },
  DB_TOO_NEW: {
    en: () => 'The data file comes from a newer version of the till. Install that version; selling is stopped until then.',
    zh: () => '数据文件来自更新版本的收银程序。请安装该版本；在此之前无法收银。',
  },
  CONFIG_INVALID: {
    en: () => 'The till settings are not valid, so the till will not start trading. Call support to correct them.',
    zh: () => '收银机设置无效，无法开始收银。请联系技术支持更正设置。',
  },
  PRINTER_PAPER_OUT: {
    en: () => 'Printer out of paper: load a new roll; the receipt will print by itself.',
    zh: () => '小票打印机缺纸：请装入新纸卷，小票会自动打印。',
  },
  PRINTER_COVER_OPEN: {
    en: () => 'Printer cover open: close it; the receipt will print by itself.',
    zh: () => '小票打印机盖未关：请关好，小票会自动打印。',
  },
  PRINTER_OFFLINE: {
    en: () => 'The receipt printer does not answer. Check its power and cable; the receipt will print once it is back.',
    zh: () => '小票打印机无响应。请检查电源和连线；恢复后小票会自动打印。',
  },
  PINPAD_OFFLINE: {
    en: () => 'The PIN pad does not answer. Check its power and cable, or take another tender.',
    zh: () => '密码键盘无响应。请检查电源和连线，或改用其他付款方式。',
  },
  CARD_DECLINED: {
    en: (a) => `Card declined${a.has('reason') ? `: ${a.text('reason')}` : ''}. Ask for another card or another tender.`,
    zh: (a) => `银行卡被拒${a.has('reason') ? `：${a.text('reason')}` : ''}。请换一张卡或改用其他付款方式。`,
  },
  CARD_OUTCOME_UNKNOWN: {
    en: () => 'Card outcome unknown: do not present the card again; checking the terminal.',
    zh: () => '银行卡结果未知：请勿再次刷卡；正在向密码键盘核实。',
  },
  OFFLINE_LIMIT: {
    en: (a) => `Card cannot be taken while offline${a.has('reason') ? `: ${a.word('reason')}` : ''}. Take cash or another tender.`,
    zh: (a) => `离线状态下无法收银行卡${a.has('reason') ? `：${a.word('reason')}` : ''}。请收现金或改用其他付款方式。`,
  },
  CARD_ABORTED: {
    en: (a) => `Card payment cancelled${a.has('reason') ? `: ${a.text('reason')}` : ''}. Nothing was charged; try again or take another tender.`,
    zh: (a) => `银行卡付款已取消${a.has('reason') ? `：${a.text('reason')}` : ''}。未扣款；请重试或改用其他付款方式。`,
  },
  PINPAD_NOT_CONFIGURED: {
    en: () => 'No PIN pad is configured on this till. Take cash, or ask support to connect the PIN pad.',
    zh: () => '本收银机未配置密码键盘。请收现金，或请技术支持连接密码键盘。',
  },
  CASH_INSUFFICIENT: {
    en: (a) => `The drawer should hold only ${a.money('available')}: ${a.money('amount')} cannot come out of it. Count the drawer and check the amount.`,
    zh: (a) => `钱箱应有金额仅为 ${a.money('available')}，无法取出 ${a.money('amount')}。请清点钱箱并核对金额。`,
  },
  INTERNAL: {
    en: () => 'Something went wrong inside the till. Try again; if it happens again, call support.',
    zh: () => '收银机内部出错。请重试；如再次出现，请联系技术支持。',
  },
};

function argsFor(params: ErrorParams, lang: Language): MessageArgs {
  const text = (key: string): string => {
    const v = Object.hasOwn(params, key) ? params[key] : undefined;
    return v === undefined ? '' : String(v);
  };
  return {
    text,
    has: (key) => text(key) !== '',
    money: (key) => {
      const v = Object.hasOwn(params, key) ? params[key] : undefined;
      const currency = params.currency;
      if (typeof v === 'number' && Number.isSafeInteger(v) && isSupportedCurrency(currency)) {
        return formatAmount(v, currency, { locale: lang });
      }
      return text(key);
    },
    word: (key) => {
      const v = text(key);
      return Object.hasOwn(WORDS[lang], v) ? (WORDS[lang][v] ?? v) : v;
    },
  };
}

/**
 * The cashier's sentence for an error code in English or Simplified Chinese. An unknown code (a newer
 * service, a typo) gets the INTERNAL sentence rather than an empty message.
 */
export function messageFor(code: string, params: ErrorParams = {}, lang: Language = 'en'): string {
  const entry = isErrorCode(code) ? CATALOGUE[code] : CATALOGUE.INTERNAL;
  const language: Language = lang === 'zh' ? 'zh' : 'en';
  return entry[language](argsFor(params ?? {}, language));
}

/** Concept words for the renderer and receipts, so screens use the same word as the messages. */
export function wordFor(concept: string, lang: Language): string {
  const table = WORDS[lang === 'zh' ? 'zh' : 'en'];
  return Object.hasOwn(table, concept) ? (table[concept] ?? concept) : concept;
}
