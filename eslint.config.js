// @ts-check
/**
 * ESLint for the whole repository: typescript-eslint's strict type-checked rules on every
 * TypeScript file (through the one tsconfig.json, with the project service), the plain
 * recommended rules on the JavaScript scripts, Lit and web-component rules on the element, and
 * nothing about layout: Prettier formats (prettier.config.js), eslint-config-prettier keeps the two
 * from fighting. `npm run lint` runs both; `npm run format` fixes what can be fixed.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Built, generated or downloaded: nobody edits these by hand.
  // test/package/examples/ imports the built package: frameworks.test.ts type-checks it in consumer projects.
  globalIgnores(['dist/', 'custom-elements.json', 'bench/.peers/', 'screenshots/', '.wtr-cache/', '.test-results/', 'test/package/examples/']),

  js.configs.recommended,
  // Strict rather than recommended: the code is already strict TypeScript (strict,
  // noUncheckedIndexedAccess), so the extra rules (no needless conditions, no deprecated APIs,
  // template expressions that are strings) guard what the compiler does not.
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test's describe/it/test return promises that the runner itself awaits.
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
            // @open-wc/semantic-dom-diff types every chai `.equal()` as a Promise (only its `.dom.equal` is one).
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
          ],
        },
      ],
      // Numbers (ports, counts, sizes) print as expected; strings that may be undefined do not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false },
      ],
      // With noUncheckedIndexedAccess, `list[i]!` and `el.shadowRoot!` are how the code says "known to exist".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `(resolve) => server.close(() => resolve())` is the house idiom for callbacks returning nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // There are no enums (the code sticks to erasable syntax), and the rule costs ~2 s of a lint run.
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
      // Its only findings are Hono apps typed Hono<any, …> by Hono's own helpers; it costs ~3 s of a lint run.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // An async function without an await still answers with a promise, which is what an async
      // interface (SharedStore, UploadPostApi) asks of an implementation that has nothing to wait for.
      '@typescript-eslint/require-await': 'off',
      // `get<T>(key): Promise<T | undefined>` lets the caller say what it stored, as Map-like APIs do.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // A hook may return nothing: `void` in its return type's union is how its type says so.
      '@typescript-eslint/no-invalid-void-type': 'off',
      // `const { success: _success, ...rest } = answer` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Abort reasons are whatever the caller gave; they are passed on as they are.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },

  {
    files: ['test/**'],
    rules: {
      // Tests read answers as untyped JSON on purpose: asserting their shape is the test, and a
      // type asserted first would only hide what the server really sent.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests check at run time what the types already claim (and clean up after a failed setup).
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // A failure message that prints "undefined" is still a failure message.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowNullish: true, allowBoolean: true, allowAny: true }],
      '@typescript-eslint/restrict-plus-operands': ['error', { allowAny: true }],
    },
  },

  // The build, test and release scripts are plain JavaScript that no tsconfig covers: no types to check.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  // Browser code: the demo's script, and the callbacks the screenshot scripts run in the page.
  { files: ['demo/script-example.js', 'scripts/screenshots-*.mjs'], languageOptions: { globals: globals.browser } },

  // The element: Lit's template rules (on its tests' templates too) and the web-component rules.
  {
    files: ['widget/**/*.ts', 'test/widget/**/*.ts'],
    extends: [lit.configs['flat/recommended']],
    rules: {
      // Lit calls a template's event listeners with the element as `this` (its render `host`).
      '@typescript-eslint/unbound-method': 'off',
      // Attributes kebab-case, properties camelCase (DESIGN.md, "Element").
      'lit/attribute-names': ['error', { convention: 'kebab' }],
      'lit/lifecycle-super': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-legacy-imports': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-template-bind': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/no-value-attribute': 'error',
      'lit/prefer-static-styles': 'error',
    },
  },
  {
    files: ['widget/**/*.ts'],
    extends: [wc.configs['flat/best-practice']],
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // LitElement always defines the lifecycle callbacks; lit/lifecycle-super checks they are called.
      'wc/guard-super-call': 'off',
      // `define` tolerates being run twice (DESIGN.md, house style). The class is registered in
      // define.ts, not beside it, so wc/define-tag-after-class-definition stays off.
      'wc/guard-define-call': 'error',
    },
  },

  // Last: turns off every rule that is about layout, which is Prettier's job.
  prettier,
);
