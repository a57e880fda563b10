// The printer preview's SVG (receipt.preview, report.preview) as an image URL. Pure string work; no DOM.

/**
 * Keeps the printer's column layout: the preview sets xml:space="preserve" on its <g> only, and Chromium does not
 * inherit it into <text>, so runs of spaces collapse and every later glyph takes an earlier glyph's x (CJK and ¥
 * overlap their neighbours). Marking each <text> that lacks it restores the printed columns.
 */
export function preserveSpaces(svg: string): string {
  return svg.replace(/<text(?![^>]*xml:space)(\s)/g, '<text xml:space="preserve"$1');
}

/** data: URL of an SVG document; percent-encoding keeps CJK text intact without base64 of UTF-16 pitfalls. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(preserveSpaces(svg))}`;
}
