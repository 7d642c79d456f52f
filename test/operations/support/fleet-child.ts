/** One bot process of the fleet test (see src/bench/fleet-member.ts), run from the sources. */
import { serveFleetMember } from '../../../src/bench/fleet-member';

await serveFleetMember();
process.exit(0);
