/**
 * One bot process of the fleet test: `commonground fleet-member` (see src/bench/fleet-member.ts)
 * of the compiled program the test set-up builds, as the fleet benchmark runs it, so that the
 * process starts without compiling the sources.
 */
const program = new URL('../../../dist/cli.js', import.meta.url).href;
const { main } = (await import(program)) as { main(argv: string[]): Promise<number> };
process.exitCode = await main(['node', 'commonground', 'fleet-member']);
