#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step), so `npx commonground` works after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv);
