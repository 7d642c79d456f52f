import { fileURLToPath } from 'node:url';
import type { childEntries } from '../global-setup';

/** A child program of the tests as the test set-up compiled it (test/global-setup.ts): it starts without compiling anything. */
export const childProgram = (name: keyof typeof childEntries): string => fileURLToPath(new URL(`../../.test-build/${name}.js`, import.meta.url));
