import type { FlowFunctions } from './functions';

/** Functions every script may use: pause and resume. (To go back, a command says `goto: "@back"`.) */
export const builtinFunctions: FlowFunctions = {
  pauseRun(ctx) {
    if (ctx.run.status !== 'active') return;
    ctx.run.status = 'paused';
    ctx.say('shared', 'core.run.paused');
  },
  resumeRun(ctx) {
    if (ctx.run.status !== 'paused') return;
    ctx.run.status = 'active';
    ctx.say('shared', 'core.run.resumed');
  },
};
