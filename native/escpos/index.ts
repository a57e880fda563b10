// Public surface of the printer stack for the service, the CLI and bench (see docs/printing.md). Re-exports only;
// never imports the service, the renderer or electron.
export * from './receipt-data';
export * from './receipt-doc';
export { layoutSaleReceipt, layoutReturnReceipt, layoutCardSlip, layoutReport, formatLocalDateTime } from './layouts';
export { formatMoney, formatAmount, formatKilograms } from './money-text';
export { LABELS } from './labels';
export { encodeReceipt, printableDoc, guardText, type EncodeOptions } from './encoder';
export { cmd } from './commands';
export { PROFILES, profileById, type PrinterProfile, type ProfileId, type TextEncoding } from './profiles';
export * from './status';
export { PrinterDriver, DEFAULT_TIMERS, type PrintJob, type PrintResult, type PauseReason, type StatusResult, type DriverTimers, type PrinterDriverOptions, type TraceEntry } from './driver';
export { openPrinterLink, parsePrinterAddress, formatPrinterAddress, lineRateBytesPerSec, type PrinterAddress, type FlowControl } from './transports';
export { openUsbLpLink } from './usblp-link';
export { decodeEscPos, type DecodeEvent, type DecodeResult } from './escpos-decoder';
export {
  VirtualPrinter,
  previewEscPos,
  serveVirtualPrinterTcp,
  serveVirtualPrinterSerial,
  renderSvg,
  renderPng,
  type VirtualPrinterState,
  type VirtualPrinterOptions,
  type Preview,
} from './virtual-printer';
export { printerStatus, printerTest, printerKick, type SupportOptions } from './support';
export { layoutTestPage, sampleSale, sampleReturn, sampleCardSlip, sampleReport } from './sample-data';
