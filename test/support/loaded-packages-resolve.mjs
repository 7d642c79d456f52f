// The resolve hook of loaded-packages.mjs (it runs on the module loader's thread).
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url)?.[1];
  if (name && process.env.CG_LOADED_PACKAGES) appendFileSync(process.env.CG_LOADED_PACKAGES, `${name}\n`);
  return result;
}
