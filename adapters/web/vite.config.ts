import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web chat's page: built into adapters/web/public (committed), so `npm start` serves it as it is.
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  base: '/',
  build: { outDir: fileURLToPath(new URL('./public', import.meta.url)), emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
});
