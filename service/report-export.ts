// Exports of X and Z reports: CSV (one row per figure) and PDF (one page, the printed layout in a monospace CJK font).
// pdfkit writes the PDF; fonts come from the system (Noto Sans Mono CJK, PingFang, Microsoft YaHei) when present.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { layoutReport } from '../native/escpos/layouts';
import { docToText } from '../native/escpos/receipt-doc';
import { formatPlain } from '../core/money';
import type { TillConfig } from './config';
import type { ExportView, Language, ReportView } from './contract';
import { reportData } from './report-document';

const COLUMNS = 48;

/** Fonts with Chinese glyphs, first found wins: [file, font name inside a collection]. */
const CJK_FONTS: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansMonoCJKsc-Regular'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansMonoCJKsc-Regular'],
  ['/System/Library/Fonts/PingFang.ttc', 'PingFangSC-Regular'],
  ['C:\\Windows\\Fonts\\msyh.ttc', 'MicrosoftYaHei'],
];

function csvCell(value: string | number): string {
  const text = String(value);
  // Cells starting with = + - @ are formulas to a spreadsheet: prefix them so an export can never run one.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportCsv(report: ReportView, lang: Language, config: Pick<TillConfig, 'storeAddress' | 'timeZone'>): string {
  const data = reportData(report, lang, config);
  const rows: (string | number)[][] = [
    ['report', 'number', 'till', 'shift', 'opened_at', 'closed_at', 'currency', 'training', 'hash'],
    [data.kind, report.number ?? '', report.tillId, report.shiftNumber, report.openedAt, report.closedAt ?? '', report.currency, report.training ? 'yes' : 'no', report.hash ?? ''],
    [],
    ['section', 'label', 'count', 'amount_minor', 'amount', 'text'],
  ];
  for (const section of data.sections) {
    for (const row of section.rows) {
      rows.push([
        section.title,
        row.label.trim(),
        row.count ?? '',
        row.amount ?? '',
        row.amount === undefined ? '' : formatPlain(row.amount, report.currency),
        row.text ?? '',
      ]);
    }
  }
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function reportPdf(report: ReportView, lang: Language, config: Pick<TillConfig, 'storeAddress' | 'timeZone'>): Promise<Buffer> {
  const doc = layoutReport(reportData(report, lang, config), { paper: 80, lang });
  const lines = docToText(doc, COLUMNS);
  const font = CJK_FONTS.find(([file]) => existsSync(file));
  const fontSize = 9;
  const charWidth = fontSize * 0.5;
  const lineHeight = fontSize * 1.35;
  const margin = 24;
  const pdf = new PDFDocument({
    size: [COLUMNS * charWidth + margin * 2, Math.max(200, lines.length * lineHeight + margin * 2)],
    margin,
    info: { Title: `${report.kind.toUpperCase()} report ${report.number ?? ''} ${report.storeName}`.trim(), Author: 'Till' },
  });
  if (font) pdf.registerFont('report', font[0], font[1]);
  pdf.font(font ? 'report' : 'Courier').fontSize(fontSize);
  lines.forEach((line, i) => {
    // Without a CJK font, Chinese cannot be drawn: mark it rather than print tofu.
    const text = font ? line : line.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
    pdf.text(text, margin, margin + i * lineHeight, { lineBreak: false });
  });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}

export async function exportReport(report: ReportView, format: 'csv' | 'pdf', lang: Language, config: Pick<TillConfig, 'storeAddress' | 'timeZone'>): Promise<ExportView> {
  const base = `${report.kind}-report${report.number !== null ? `-${String(report.number).padStart(4, '0')}` : ''}-${report.tillId}`;
  if (format === 'csv') {
    return { filename: `${base}.csv`, mimeType: 'text/csv; charset=utf-8', base64: Buffer.from(reportCsv(report, lang, config), 'utf8').toString('base64') };
  }
  return { filename: `${base}.pdf`, mimeType: 'application/pdf', base64: (await reportPdf(report, lang, config)).toString('base64') };
}
