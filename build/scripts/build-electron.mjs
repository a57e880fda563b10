// Bundles the Electron shell: electron/main.ts → dist/electron/main.cjs, electron/preload.ts → dist/electron/preload.cjs.
// Refuses to build when the method names are stale or the preload would need anything but 'electron' at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { tillNamesUpToDate } from './gen-till-names.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Electron 45 ships Node 22; the bundles may use what it has. */
const ELECTRON_NODE_TARGET = 'node22';

/** Native addons (and their loaders) stay in node_modules: they find their .node files relative to themselves. */
const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', '@resvg/*'];

/**
 * A sandboxed preload can require only 'electron', 'events', 'timers' and 'url' (Electron's sandbox docs), so the
 * preload bundle must import nothing else and must not have pulled any package in (zod would mean the contract
 * itself was bundled instead of the names-only list).
 */
function checkPreload(metafile, outfile) {
  const output = metafile.outputs[outfile];
  if (!output) throw new Error(`esbuild metafile has no entry for ${outfile}`);
  const problems = [];
  for (const imported of output.imports) {
    if (imported.path !== 'electron') problems.push(`imports ${imported.path}`);
  }
  for (const input of Object.keys(output.inputs)) {
    if (input.includes('node_modules/')) problems.push(`bundles ${input}`);
  }
  if (problems.length > 0) {
    throw new Error(`the preload must bundle only our own names-only files and require only 'electron':\n  ${problems.join('\n  ')}`);
  }
}

function commonOptions(quiet) {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ELECTRON_NODE_TARGET,
    sourcemap: true,
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    metafile: true,
  };
}

/** electron/preload.ts → <outDir>/preload.cjs, checked to require nothing but 'electron'. */
export async function buildPreload({ outDir = `${repoRoot}dist/electron`, quiet = false } = {}) {
  if (!(await tillNamesUpToDate())) {
    throw new Error('electron/till-names.generated.ts is stale: run `node build/scripts/gen-till-names.mjs`.');
  }
  const outfile = `${outDir}/preload.cjs`;
  const result = await build({ ...commonOptions(quiet), entryPoints: ['electron/preload.ts'], outfile, external: ['electron'] });
  const key = Object.keys(result.metafile.outputs).find((output) => output.endsWith('preload.cjs'));
  checkPreload(result.metafile, key ?? outfile);
  return outfile;
}

/** electron/main.ts (with the service it opens) → <outDir>/main.cjs; native addons stay external. */
export async function buildMain({ outDir = `${repoRoot}dist/electron`, quiet = false } = {}) {
  const outfile = `${outDir}/main.cjs`;
  await build({
    ...commonOptions(quiet),
    entryPoints: ['electron/main.ts'],
    outfile,
    external: MAIN_EXTERNALS,
    // The service is ESM source; in a CJS bundle import.meta is empty, so give import.meta.url the bundle's own
    // URL. Hazard: anything resolving files next to its SOURCE via import.meta.url would look in dist/electron/.
    define: { 'import.meta.url': '__tillBundleUrl' },
    banner: { js: "const __tillBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  return outfile;
}

export async function buildElectron(options = {}) {
  const [mainOut, preloadOut] = await Promise.all([buildMain(options), buildPreload(options)]);
  if (!options.quiet) console.log(`built ${mainOut}\nbuilt ${preloadOut}`);
  return { mainOut, preloadOut };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await buildElectron();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
