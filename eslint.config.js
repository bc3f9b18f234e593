// ESLint (typescript-eslint's recommended rules, without type information so
// that a run stays cheap) plus the project's layer rule. Formatting is
// prettier's (.prettierrc.json); `npm run lint` runs both and `tsc` over src/
// and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import promforge, { layerInputsDigest } from './scripts/eslint/layer-boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', '.promforgecache/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a binding kept for its position or to drop a field from a rest object.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Escaping and validating control characters (YAML, XML, Go quoting) is part of the job.
      'no-control-regex': 'off',
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { promforge },
    rules: { 'promforge/layer-boundaries': 'error' },
    // Part of the cache key of these files (see layerInputsDigest).
    settings: { 'promforge/layer-inputs': layerInputsDigest() },
  },
);
