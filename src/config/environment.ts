import { resolve } from 'node:path';
import { EXAMPLE_COMMUNITY } from '../paths';

/** Settings that come from the environment: secrets and backends, never from files in the repo. */
export interface Environment {
  communityFile: string;
  dataDir: string;
  storeUrl: string | undefined;
  evalDbUrl: string | undefined;
  logLevel: string | undefined;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    communityFile: env.COMMUNITY_CONFIG ? resolve(env.COMMUNITY_CONFIG) : EXAMPLE_COMMUNITY,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    storeUrl: env.STORE_URL || undefined,
    evalDbUrl: env.EVAL_DB_URL || undefined,
    logLevel: env.LOG_LEVEL || undefined,
  };
}
