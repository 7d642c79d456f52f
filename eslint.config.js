import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformLibraries = ['discord.js', 'discord.js/*', '@discordjs/*', '@slack/*', '@slack/bolt'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'reports/**', 'adapters/web/public/**', 'dist/**', '.dist-*/**', '.test-build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is platform-neutral: it never imports a platform library or an adapter.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: platformLibraries, message: 'src/ is platform-neutral: platform libraries belong in adapters/.' },
            { group: ['**/adapters/**', '../adapters/*', '../../adapters/*'], message: 'src/ never imports an adapter: wire adapters in src/main.ts through the ChatAdapter interface.' },
          ],
        },
      ],
    },
  },
  {
    // main.ts is the one place that wires adapters to the core (see the README's architecture section).
    files: ['src/main.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
