// ZVT trace decoding for support (`pinpad trace`) and the transport's event feed: bytes → {direction, hex, meaning}.
// Pure: never imports Node I/O or the service. Masked card data only (the decoders below never show a full PAN).
import { apduKey, decodeApdu, ApduReassembler } from './zvt-apdu';
import { ZvtFrameParser, toHex, ACK, NAK } from './zvt-frame';
import {
  parseAbort,
  parseAmountFields,
  parseCompletion,
  parseIntermediateStatus,
  parsePrintLine,
  parsePrintTextBlock,
  parseStatusInformation,
  parseStatusEnquiryCompletion,
  parseSetDateTime,
} from './zvt-messages';
import { hex2, resultMessage } from './zvt-texts';

const COMMAND_NAMES: Record<string, string> = {
  '0600': 'Registration',
  '0601': 'Authorization',
  '0602': 'Log-Off',
  '0620': 'Repeat-Receipt',
  '0630': 'Reversal',
  '0631': 'Refund',
  '0650': 'End-of-Day',
  '0670': 'Diagnosis',
  '06B0': 'Abort (ECR)',
  '0501': 'Status-Enquiry',
  '04FF': 'Intermediate Status',
  '040F': 'Status-Information',
  '0401': 'Set Date/Time',
  '06D1': 'Print Line',
  '06D3': 'Print Text-Block',
  '060F': 'Completion',
  '061E': 'Abort (PT)',
};

function money(minor: number | undefined, currency?: number): string {
  if (minor === undefined) return '';
  const text = String(minor).padStart(3, '0');
  return ` amount ${text.slice(0, -2)}.${text.slice(-2)}${currency === 978 ? ' EUR' : currency !== undefined ? ` (${currency})` : ''}`;
}

/** One line of meaning for an APDU (as sent or received). Never throws. */
export function describeApdu(bytes: Uint8Array): string {
  try {
    const apdu = decodeApdu(bytes);
    if (apdu.cls === 0x80 && apdu.ins === 0x00) return '80 00: positive response';
    if (apdu.cls === 0x84) {
      return apdu.ins === 0x00 ? '84 00: positive response' : `84 ${hex2(apdu.ins)}: negative response (${resultMessage(apdu.ins).en})`;
    }
    const key = apduKey(apdu);
    const name = COMMAND_NAMES[key] ?? `unknown command ${key}`;
    const d = apdu.data;
    switch (key) {
      case '0600':
        return `${name}: config ${hex2(d[3] ?? 0)}`;
      case '0601':
      case '0631': {
        const f = parseAmountFields(apdu, key === '0631' ? 3 : 0);
        return `${name}:${money(f.amountMinor, f.currencyNumeric)}`;
      }
      case '0630': {
        const f = parseAmountFields(apdu, 3);
        return `${name}: receipt ${f.receiptNumber ?? '?'}${money(f.amountMinor, f.currencyNumeric)}`;
      }
      case '0620': {
        const f = parseAmountFields(apdu, 3);
        return `${name}${f.serviceByte !== undefined ? `: service byte ${hex2(f.serviceByte)}` : ''}`;
      }
      case '04FF': {
        const s = parseIntermediateStatus(d);
        return `${name} ${hex2(s.code)}: ${s.message.en}`;
      }
      case '040F': {
        const s = parseStatusInformation(d);
        const parts = [
          s.resultCode !== undefined ? `result ${hex2(s.resultCode)} (${s.resultMessage?.en})` : 'no result code',
          money(s.amountMinor, s.currencyNumeric).trim(),
          s.traceNumber !== undefined ? `trace ${s.traceNumber}` : '',
          s.receiptNumber !== undefined ? `receipt ${s.receiptNumber}` : '',
          s.maskedPan ? `card ${s.maskedPan}` : '',
          s.cardName ? s.cardName : '',
          s.totals ? `totals for receipts ${s.totals.receiptNumberFrom}-${s.totals.receiptNumberTo}` : '',
        ].filter(Boolean);
        return `${name}: ${parts.join(', ')}`;
      }
      case '06D1': {
        const l = parsePrintLine(d);
        return `${name}: "${l.text}"${l.isLast ? ' (last line)' : ''}`;
      }
      case '06D3': {
        const b = parsePrintTextBlock(d);
        return `${name}: ${b.receiptType ?? 'receipt'} ${b.lines.length} lines${b.isLast ? ' (end)' : ''}`;
      }
      case '060F': {
        if (d.length === 0) return `${name}`;
        const c = parseCompletion(d);
        if (c.terminalId === undefined && c.statusByte === undefined && c.resultCode === undefined) {
          const s = parseStatusEnquiryCompletion(d);
          return `${name}: terminal status ${hex2(s.terminalStatus)} (${s.message.en})${s.softwareVersion ? `, software ${s.softwareVersion}` : ''}`;
        }
        return `${name}${c.terminalId ? `: terminal ${c.terminalId}` : ''}${c.statusByte !== undefined ? ` status byte ${hex2(c.statusByte)}` : ''}`;
      }
      case '061E': {
        const a = parseAbort(d);
        return `${name}: result ${hex2(a.resultCode)} (${a.message.en})`;
      }
      case '0401': {
        const t = parseSetDateTime(d);
        return `${name}: ${t.dateYmd ?? '?'} ${t.time ?? '?'}`;
      }
      default:
        return `${name}${d.length ? ` (${d.length} data bytes)` : ''}`;
    }
  } catch (error) {
    return `undecodable APDU (${error instanceof Error ? error.message : String(error)})`;
  }
}

export interface TraceEntry {
  direction: 'ecr-to-pt' | 'pt-to-ecr' | 'unknown';
  hex: string;
  meaning: string;
}

/**
 * Stateful decoder for one direction of a captured byte stream (a tap on the line): feed chunks as they arrive, get
 * entries for every frame, ACK, NAK and stretch of garbage. Serial streams are framed; TCP streams are raw APDUs.
 */
export function createTraceDecoder(kind: 'serial' | 'tcp', direction: TraceEntry['direction'] = 'unknown'): { feed(chunk: Uint8Array): TraceEntry[] } {
  if (kind === 'tcp') {
    const reassembler = new ApduReassembler();
    return {
      feed: (chunk) => reassembler.push(chunk).map((apdu) => ({ direction, hex: toHex(apdu), meaning: describeApdu(apdu) })),
    };
  }
  const parser = new ZvtFrameParser();
  return {
    feed(chunk) {
      const out: TraceEntry[] = [];
      for (const e of parser.push(chunk)) {
        switch (e.type) {
          case 'frame':
            out.push({ direction, hex: toHex(e.raw), meaning: describeApdu(e.apdu) });
            break;
          case 'ack':
            out.push({ direction, hex: toHex(Uint8Array.of(ACK)), meaning: 'ACK' });
            break;
          case 'nak':
            out.push({ direction, hex: toHex(Uint8Array.of(NAK)), meaning: 'NAK' });
            break;
          case 'bad-crc':
            out.push({ direction, hex: toHex(e.raw), meaning: `CRC error: ${describeApdu(e.apdu)}` });
            break;
          case 'bad-escape':
            out.push({ direction, hex: toHex(e.raw), meaning: 'framing error (DLE escape)' });
            break;
          case 'overflow':
            out.push({ direction, hex: '', meaning: `oversized frame dropped (${e.droppedBytes} bytes)` });
            break;
          case 'garbage':
            out.push({ direction, hex: toHex(e.bytes), meaning: 'bytes outside a frame' });
            break;
        }
      }
      return out;
    },
  };
}

/** One-shot: decode a complete capture of one direction. */
export function decodeTrace(bytes: Uint8Array, kind: 'serial' | 'tcp', direction: TraceEntry['direction'] = 'unknown'): TraceEntry[] {
  return createTraceDecoder(kind, direction).feed(bytes);
}
