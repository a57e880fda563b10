// Lint: TypeScript rules plus the layer boundaries of DESIGN.md §2, enforced with no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'stream', 'events', 'util'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'test/artifacts/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }] }],
    },
  },
  {
    // electron/: the one layer that may import electron (main and preload), and nothing of the renderer.
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The shell never imports the renderer.' }] }],
    },
  },
  {
    // core: pure domain. Imports nothing of ours but itself, no Node, no I/O.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'core is pure: no Node APIs.' },
          { group: ['**/db/**', '**/service/**', '**/native/**', '**/acquirer/**', '**/renderer/**', '**/web/**', '**/cli/**', 'electron', 'better-sqlite3', 'serialport'], message: 'core imports nothing of ours but itself.' },
        ],
      }],
    },
  },
  {
    // db, native, acquirer: below the service; never the service, the hosts or electron.
    files: ['db/**/*.ts', 'native/**/*.ts', 'acquirer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }],
        patterns: [{ group: ['**/service/**', '**/renderer/**', '**/web/**', '**/cli/**', '**/electron/**'], message: 'Dependencies point down only (DESIGN §2).' }],
      }],
    },
  },
  {
    // service: may use core, db, native, acquirer; never a host.
    files: ['service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }],
        patterns: [{ group: ['**/renderer/**', '**/web/**', '**/cli/**', '**/electron/**'], message: 'The service knows no host (DESIGN §2).' }],
      }],
    },
  },
  {
    // renderer: browser only. Only `import type` from the service contract; core (pure) is allowed.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node access.' },
          { group: ['electron', 'better-sqlite3', 'serialport', '**/db/**', '**/native/**', '**/acquirer/**', '**/web/**', '**/cli/**'], message: 'The renderer talks only to TillApi.' },
          { group: ['**/service/**'], allowTypeImports: true, message: 'Only `import type` from the service contract.' },
        ],
      }],
    },
  },
  {
    // Money is integer minor units: no floating-point helpers near amounts in core and service.
    files: ['core/**/*.ts', 'service/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'round', message: 'Money rounding goes through core/money (explicit mode, integer maths).' },
        { object: 'Number', property: 'parseFloat', message: 'No floats near money: use core/money parseAmount.' },
        { object: 'Math', property: 'fround', message: 'No floats near money.' },
      ],
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'No floats near money: use core/money parseAmount.' }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='toFixed']",
        message: 'toFixed formats a float: format minor units with core/money (formatAmount, formatPlain) instead.',
      }],
    },
  },
);
