import { buildsMessages, decides, keysFor, type FlowFunctions } from '../flows/functions';
import { textAcceptable } from '../flows/steps';
import { ENDED, endWith, tellEveryone } from './ending';
import { agreementReached, awaitPrivately, caucusAwaited, END_HOWS, findParty, ref, tellMediator, type EndHow } from './state';

/** What the mediator and the parties can do at any stage: caucus, post, end, withdraw. */
export const conductFunctions: FlowFunctions = buildsMessages(keysFor('mediation.end', END_HOWS), {
  /** Pause and resume, said in the private space (or by DM before it exists), never in a public channel. */
  mediationPause(ctx) {
    if (ctx.run.status !== 'active') return void ctx.say('actor', 'mediation.pause.already');
    ctx.run.status = 'paused';
    tellEveryone(ctx, 'core.run.paused');
  },
  mediationResume(ctx) {
    if (ctx.run.status !== 'paused') return void ctx.say('actor', 'mediation.pause.not_paused');
    ctx.run.status = 'active';
    tellEveryone(ctx, 'core.run.resumed');
  },
  /** `/mediation caucus <party> <message>`: a private word with one party; only the mediator sees the answer. */
  mediationCaucus(ctx) {
    const [name, ...words] = ctx.args;
    const party = findParty(ctx.run, name);
    if (!party || !party.active || words.length === 0) return void ctx.say('actor', 'mediation.caucus.usage');
    ctx.say({ userId: party.userId }, 'mediation.caucus.to_party', { text: words.join(' ') });
    ctx.say('actor', 'mediation.caucus.sent', { name: party.name });
    // Their next plain direct message is taken as the answer (the script's `route.directReply`).
    const awaited = caucusAwaited(ctx.run);
    if (!awaited.includes(party.userId)) awaitPrivately(ctx.run, [...awaited, party.userId]);
  },
  /** `/mediation reply <message>`: a party answers the mediator privately. */
  mediationReply(ctx) {
    const text = ctx.args.join(' ').trim();
    if (!text) return void ctx.say('actor', 'mediation.caucus.reply_usage');
    if (!textAcceptable(ctx, text, ctx.community.limits.storyLength)) return;
    tellMediator(ctx, 'mediation.caucus.from_party', { name: ctx.actor?.name ?? '', text });
    ctx.say('actor', 'mediation.caucus.replied');
    awaitPrivately(ctx.run, caucusAwaited(ctx.run).filter((id) => id !== ctx.user?.id));
  },
  /** `/mediation post <text>`: the mediator's own words (a reflection, an edited reframe) in the space. */
  mediationPost(ctx) {
    const text = ctx.args.join(' ').trim();
    if (!ctx.run.space) return void ctx.say('actor', 'mediation.post.no_space');
    if (!text) return void ctx.say('actor', 'mediation.post.usage');
    ctx.say('shared', 'mediation.post.text', { text }, { ownWords: true });
  },
  /** `/mediation end <agreement|partial|no_agreement|withdrawn|referred>`. */
  mediationEnd: decides([ENDED], (ctx) => {
    const how = ctx.args[0]?.toLowerCase() as EndHow | undefined;
    if (!how || !(END_HOWS as readonly string[]).includes(how)) return void ctx.say('actor', 'mediation.end.usage');
    tellEveryone(ctx, `mediation.end.${how}`);
    return endWith(ctx, how);
  }),
  /** `/mediation withdraw`: a party steps back; everyone is told, without blame, and it ends. */
  mediationWithdraw: decides([ENDED], (ctx) => {
    const actor = ctx.actor;
    if (!actor) return;
    actor.active = false;
    ctx.say('actor', 'mediation.withdraw.you');
    tellEveryone(ctx, 'mediation.withdraw.others', {}, actor.userId);
    return endWith(ctx, 'withdrawn');
  }),
  /**
   * A party's data was erased (by an administrator, or by themselves): the erasure left this timer.
   * Before the agreement, everyone still in the mediation hears what they hear when a party steps
   * back, and it ends. After it, the agreement stands: the mediator is told privately, and the
   * follow-up goes on with the others; a check-in that now waits for nobody is done (`answered`).
   */
  mediationPartyErased: decides([ENDED, 'answered'], (ctx) => {
    if (agreementReached(ctx.run)) {
      tellMediator(ctx, 'mediation.erased.agreement_stands', { ref: ref(ctx.run) });
      const asking = ctx.flow.steps[ctx.run.step]?.kind === 'ask';
      return asking && ctx.run.pending?.waitingFor.length === 0 ? 'answered' : undefined;
    }
    tellEveryone(ctx, 'mediation.withdraw.others');
    return endWith(ctx, 'withdrawn');
  }),
  /** `/mediation left <party>`: a party has left the community; no more follow-up questions go to them. */
  mediationLeft(ctx) {
    const party = findParty(ctx.run, ctx.args[0]);
    if (!party) return void ctx.say('actor', 'mediation.left.usage');
    party.active = false;
    const left = Array.isArray(ctx.run.vars.left) ? ctx.run.vars.left : [];
    if (!left.includes(party.userId)) left.push(party.userId);
    ctx.run.vars.left = left;
    ctx.say('actor', 'mediation.left.noted', { name: party.name });
  },
});

