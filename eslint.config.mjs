import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/build/**', '**/node_modules/**', '**/generated/**', '.ci/**', '**/.next/**'] },
  js.configs.recommended,
  // Type-aware: a promise nobody awaits or a promise handed where a callback is expected is the bug class the
  // compiler misses and that loses spans at exit. Each TypeScript file is linted with its nearest tsconfig.json
  // (packages/*/tsconfig.json for sources, packages/*/test/tsconfig.json and test/tsconfig.json for tests).
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        global: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Kept on from recommendedTypeChecked and named here because they are why type information is on.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Rethrowing what a catch caught is not "rejecting with a non-Error"; literal rejections are still flagged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Off, each measured on the tree when type information was turned on (see CONTRIBUTING.md, "Lint"):
      // `any` is allowed at the boundaries (JSON from child processes and receivers, optional peers loaded
      // with require, decoded protobuf); ~180 lines, four in five of them in tests, none a bug.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // ~50 non-null assertions the checker can prove: dead syntax, no runtime effect.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // ~27 lines: jest's expect(obj.method) and deliberate captures (process.exit called back with .call).
      '@typescript-eslint/unbound-method': 'off',
      // `async` without `await` is deliberate here: it turns a synchronous throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // Span kinds and status codes are compared with their wire numbers in the encoders and the receivers.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Every hit prints a value of any type on purpose (an option in an error, an attribute in a test), and
      // objects with their own toString() (samplers) are flagged too.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  // Plain JavaScript (examples, benchmarks, scripts, this file) has no tsconfig: syntax rules only.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
