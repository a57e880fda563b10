// Renders build/icons/icon.svg to build/icons/icon.png (1024 px), the one icon electron-builder converts for every
// target (ico for nsis, icns for dmg, the size set for AppImage/deb). Run after editing the SVG; the PNG is committed.
import { Resvg } from '@resvg/resvg-js';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const iconsDir = fileURLToPath(new URL('../icons/', import.meta.url));
const svg = await readFile(`${iconsDir}icon.svg`, 'utf8');
const png = new Resvg(svg, { fitTo: { mode: 'width', value: 1024 } }).render().asPng();
await writeFile(`${iconsDir}icon.png`, png);
console.log(`wrote ${iconsDir}icon.png (${png.length} bytes)`);
