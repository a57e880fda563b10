// The printer preview's SVG as an image: every <text> keeps its spaces (Chromium does not inherit xml:space from
// the <g>), nothing else in the document changes, and the data: URL carries CJK text intact.
import { describe, expect, it } from 'vitest';
import { preserveSpaces, svgDataUrl } from '../../../renderer/src/lib/svg-preview';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg"><g xml:space="preserve"><text x="16 28" y="10">  全脂</text>' +
  '<text xml:space="preserve" x="1" y="2">a  b</text><textPath>x</textPath><text\nx="3">c</text></g></svg>';

describe('printer preview SVG', () => {
  it('marks each <text> without xml:space, and only those', () => {
    const out = preserveSpaces(svg);
    expect(out.match(/<text xml:space="preserve"/g)).toHaveLength(3);
    expect(out).toContain('<textPath>x</textPath>');
    expect(out).toContain('<text xml:space="preserve" x="16 28" y="10">  全脂</text>');
    expect(out).toContain('<text xml:space="preserve"\nx="3">');
    expect(preserveSpaces(out)).toBe(out);
  });

  it('is a data: URL whose decoded body is the preserved SVG', () => {
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(preserveSpaces(svg));
  });
});
