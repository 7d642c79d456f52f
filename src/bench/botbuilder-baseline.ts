import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder-core';
import { ChoicePrompt, ConfirmPrompt, DialogSet, DialogTurnStatus, NumberPrompt, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { quantile } from './figures';

const ANSWERS = ['Mei', '2', 'the lift is slow', '4', 'mornings', 'yes', 'thanks'];

/**
 * The same 8-turn conversation in botbuilder-dialogs (WaterfallDialog + MemoryStorage +
 * TestAdapter), for comparison: a start, then seven prompts answered in turn.
 */
export async function botbuilderConversations(conversations: number, progress: (line: string) => void, warmUp: number) {
  progress(`botbuilder-dialogs: ${conversations} conversations of 8 turns`);
  const storage = new MemoryStorage();
  const state = new ConversationState(storage);
  const dialogs = new DialogSet(state.createProperty('dialogState'));
  dialogs.add(new TextPrompt('text'));
  dialogs.add(new ChoicePrompt('choice'));
  dialogs.add(new NumberPrompt('number'));
  dialogs.add(new ConfirmPrompt('confirm'));
  const ask = (prompt: string) => async (step: WaterfallStepContext) => step.prompt(prompt, { prompt: `Question ${String((step.values as Record<string, unknown>).a1 ?? '')}?`, choices: ['A', 'B'] });
  dialogs.add(
    new WaterfallDialog('bench', [
      ask('text'),
      async (step) => {
        (step.values as Record<string, unknown>).a1 = step.result;
        return step.prompt('choice', { prompt: 'Question?', choices: ['A', 'B'] });
      },
      ask('text'),
      ask('number'),
      ask('text'),
      ask('confirm'),
      ask('text'),
      async (step) => {
        await step.context.sendActivity('Thank you.');
        return step.endDialog();
      },
    ]),
  );
  const adapter = new TestAdapter(async () => undefined);
  const logic = async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('bench');
    await state.saveChanges(context);
  };
  const latencies: number[] = [];
  const run = async (count: number, prefix: string, record: boolean) => {
    for (let t = 0; t < 8; t += 1) {
      for (let c = 0; c < count; c += 1) {
        const before = process.hrtime.bigint();
        await adapter.processActivity(
          { type: 'message', text: t === 0 ? 'start' : (ANSWERS[t - 1] as string), conversation: { id: `${prefix}${c}`, isGroup: false, conversationType: 'personal', name: '' }, from: { id: `u${c}`, name: 'u' } },
          logic,
        );
        if (record) latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
      }
      adapter.activeQueue.length = 0;
    }
  };
  await run(warmUp, 'warm-', false);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run(conversations, 'c-', true);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { perSecond: latencies.length / seconds, perCpuSecond: latencies.length / ((used.user + used.system) / 1e6), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}
