// Loaded with `node --import` by tests: records each package the program imports (its name, one per
// line) in the file named by CG_LOADED_PACKAGES, so a test can check what a command loads.
import { register } from 'node:module';

register('./loaded-packages-resolve.mjs', import.meta.url);
