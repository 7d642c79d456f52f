import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTone, loadToneLexicon, suggestedReframe, toneVerdictLines } from '../../src/mediation/tone';
import type { SafetyKind, ToneKind, ToneLexicon, ToneLocale } from '../../src/mediation/tone';

const fixturesDir = fileURLToPath(new URL('../fixtures/tone/', import.meta.url));
const promptsDir = fileURLToPath(new URL('../../prompts/tone/', import.meta.url));

const kinds = ['insult', 'mockery', 'command', 'blame', 'absolute', 'threat', 'shouting', 'violence', 'self_harm', 'danger'] as const;
const fixtureKinds = ['insult', 'blame', 'absolute', 'threat', 'shouting', 'violence', 'self_harm', 'danger'] as const;
const labelSchema = z.enum(['ok', ...kinds]);
type Label = z.infer<typeof labelSchema>;
const sampleSchema = z.object({ label: labelSchema, text: z.string().min(1) });
type Sample = z.infer<typeof sampleSchema>;

function readSamples(locale: ToneLocale): Sample[] {
  const text = readFileSync(join(fixturesDir, `${locale}.tsv`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const [label, sentence] = line.split('\t');
      const parsed = sampleSchema.safeParse({ label, text: sentence });
      if (!parsed.success) throw new Error(`${locale}.tsv line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

interface Scores {
  precision: number;
  recall: number;
  perKind: Map<Label, { right: number; total: number }>;
  misses: string[];
}

function score(samples: readonly Sample[], lexicon: ToneLexicon): Scores {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const perKind = new Map<Label, { right: number; total: number }>();
  const misses: string[] = [];
  for (const sample of samples) {
    const verdict = checkTone(sample.text, lexicon);
    const predicted: Label = verdict.ok ? 'ok' : verdict.kind;
    const flagged = !verdict.ok;
    const shouldFlag = sample.label !== 'ok';
    if (flagged && shouldFlag) truePositives += 1;
    if (flagged && !shouldFlag) falsePositives += 1;
    if (!flagged && shouldFlag) falseNegatives += 1;
    const tally = perKind.get(sample.label) ?? { right: 0, total: 0 };
    tally.total += 1;
    if (predicted === sample.label) tally.right += 1;
    else misses.push(`${sample.label} -> ${predicted}: ${sample.text}`);
    perKind.set(sample.label, tally);
  }
  return {
    precision: truePositives / Math.max(1, truePositives + falsePositives),
    recall: truePositives / Math.max(1, truePositives + falseNegatives),
    perKind,
    misses,
  };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

describe.each(['en', 'zh-CN'] as const)('tone guard on the first labelled %s samples', (locale) => {
  const lexicon = loadToneLexicon(locale);
  const samples = readSamples(locale);

  it('has a realistic sample: at least 120 lines, about half of them ok, every kind present', () => {
    expect(samples.length).toBeGreaterThanOrEqual(120);
    const okShare = samples.filter((sample) => sample.label === 'ok').length / samples.length;
    expect(okShare).toBeGreaterThan(0.4);
    expect(okShare).toBeLessThan(0.6);
    for (const kind of fixtureKinds) expect(samples.some((sample) => sample.label === kind)).toBe(true);
  });

  it('flags adversarial and unsafe messages with precision and recall of at least 85%', () => {
    const scores = score(samples, lexicon);
    const perKind = [...scores.perKind.entries()]
      .map(([label, tally]) => `${label} ${tally.right}/${tally.total}`)
      .join(', ');
    console.log(
      `tone ${locale}: precision ${percent(scores.precision)}, recall ${percent(scores.recall)} over ${samples.length} samples; per kind: ${perKind}`,
    );
    if (scores.misses.length > 0) console.log(`tone ${locale} differences:\n  ${scores.misses.join('\n  ')}`);
    expect(scores.precision).toBeGreaterThanOrEqual(0.85);
    expect(scores.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('offers a calm, inviting reframe for every kind, without exclamation marks', () => {
    for (const kind of kinds) {
      const reframe = suggestedReframe(kind, lexicon);
      expect(reframe.length).toBeGreaterThan(10);
      expect(reframe).not.toMatch(/[!！]/);
    }
  });
});

describe('tone guard, English', () => {
  const en = loadToneLexicon('en');
  const flagOf = (text: string): string => toneVerdictLines([text], en)[0] ?? 'missing';

  it('flags an insult', () => {
    expect(checkTone('Your husband is a lazy slob who never lifts a finger.', en)).toEqual({
      ok: false,
      kind: 'insult',
      safety: false,
    });
  });

  it('flags blame', () => {
    expect(flagOf("The damp in my kitchen is all your fault.")).toBe('flag:blame');
  });

  it('flags an absolute about "you"', () => {
    expect(flagOf('You never put the bins back after collection day.')).toBe('flag:absolute');
  });

  it('reads "it\'s not your fault" as kind, and still flags contempt said with it', () => {
    expect(flagOf("It's not your fault.")).toBe('ok');
    expect(flagOf("It's not your fault the pipe burst.")).toBe('ok');
    expect(flagOf("I don't blame you for the broken lift.")).toBe('ok');
    expect(flagOf("It's not your fault you were never taught better, I suppose.")).toBe('flag:insult');
    expect(flagOf("It's all your fault.")).toBe('flag:blame');
  });

  it('lets plain thanks through, and still flags thanks said in mockery', () => {
    expect(flagOf('Thank you for listening to me today.')).toBe('ok');
    expect(flagOf('Thanks for hearing me out.')).toBe('ok');
    expect(flagOf('Thanks for nothing.')).toBe('flag:mockery');
    expect(flagOf('Thank you for ruining my weekend.')).not.toBe('ok');
    expect(flagOf('Thanks for leaving your rubbish on my doorstep, really appreciated.')).toBe('flag:mockery');
  });

  it('lets "I never said that" and "we always enjoyed" through', () => {
    expect(checkTone('I never said that.', en)).toEqual({ ok: true });
    expect(checkTone('We always enjoyed the summer fair in the square.', en)).toEqual({ ok: true });
  });

  it('flags shouting in capitals or repeated exclamation marks, but not an acronym', () => {
    expect(flagOf('PLEASE STOP RUNNING THE WASHING MACHINE AT NIGHT')).toBe('flag:shouting');
    expect(flagOf('Can someone please fix the lift!!!')).toBe('flag:shouting');
    expect(flagOf('The HOA sent the CCTV footage to the police.')).toBe('ok');
  });

  it('flags a threat', () => {
    expect(flagOf("Leave your van there once more and you'll regret it.")).toBe('flag:threat');
  });

  it('flags each safety kind as safety', () => {
    expect(checkTone("I'm going to stab that man next door.", en)).toEqual({ ok: false, kind: 'violence', safety: true });
    expect(checkTone('I keep thinking everyone would be better off if I ended my life.', en)).toEqual({
      ok: false,
      kind: 'self_harm',
      safety: true,
    });
    expect(checkTone('I can smell gas in the basement.', en)).toEqual({ ok: false, kind: 'danger', safety: true });
  });

  it('puts safety before an insult in the same message', () => {
    expect(checkTone("You're a moron and I'll kill you if you touch my bike.", en)).toEqual({
      ok: false,
      kind: 'violence',
      safety: true,
    });
  });

  it('treats curly apostrophes like straight ones', () => {
    expect(flagOf('You’re always leaving the gate open.')).toBe('flag:absolute');
  });

  it('copes with emoji, mixed scripts and empty text', () => {
    expect(checkTone('Thanks for the cake 🎂😊 谢谢 – see you Saturday', en)).toEqual({ ok: true });
    expect(checkTone('🙂🙂🙂', en)).toEqual({ ok: true });
    expect(checkTone('', en)).toEqual({ ok: true });
    expect(checkTone('   \n ', en)).toEqual({ ok: true });
  });

  it('gives one verdict a line for the tone command', () => {
    expect(toneVerdictLines(['Could we talk on Sunday?', 'You are an idiot.', ''], en)).toEqual([
      'ok',
      'flag:insult',
      'ok',
    ]);
  });

  it('offers the reframe written for the kind', () => {
    const reframe = suggestedReframe('blame', en);
    expect(reframe).toMatch(/^That sounds really frustrating\. Would you like to say it another way/);
    expect(reframe).not.toMatch(/\bmust\b|\bfault\b/i);
  });
});

describe('tone guard, zh-CN', () => {
  const zh = loadToneLexicon('zh-CN');
  const flagOf = (text: string): string => toneVerdictLines([text], zh)[0] ?? 'missing';

  it('flags an insult', () => {
    expect(flagOf('对门那家就是一帮没素质的人。')).toBe('flag:insult');
  });

  it('flags blame', () => {
    expect(flagOf('我家墙发霉都怪你。')).toBe('flag:blame');
  });

  it('reads 不是你的错 and 不怪你 as kind, and still flags blame put as a question', () => {
    expect(flagOf('水管爆了不是你的错。')).toBe('ok');
    expect(flagOf('不是你的错。')).toBe('ok');
    expect(flagOf('电梯坏了不怪你。')).toBe('ok');
    expect(flagOf('这不是你的错吗？')).toBe('flag:blame');
    expect(flagOf('都是你的错。')).toBe('flag:blame');
    expect(flagOf('这是你的责任。')).toBe('flag:blame');
  });

  it('lets plain thanks through, and still flags thanks said in mockery', () => {
    expect(flagOf('谢谢你听我说。')).toBe('ok');
    expect(flagOf('谢谢你愿意和我见面。')).toBe('ok');
    expect(flagOf('谢谢你又把整栋楼吵醒了。')).toBe('flag:mockery');
    expect(flagOf('谢谢你把我的车堵得死死的，真聪明。')).not.toBe('ok');
  });

  it('flags an absolute about "you", not about "I" or "we"', () => {
    expect(flagOf('你老是半夜在楼上拖椅子。')).toBe('flag:absolute');
    expect(flagOf('我从来没说过那句话。')).toBe('ok');
    expect(flagOf('我们一直很喜欢小区的夏日集市。')).toBe('ok');
  });

  it('flags repeated full-width exclamation marks as shouting', () => {
    expect(flagOf('电梯又坏了！！！')).toBe('flag:shouting');
  });

  it('flags a threat', () => {
    expect(flagOf('车再停我门口，有你好看的。')).toBe('flag:threat');
  });

  it('flags each safety kind as safety', () => {
    const kindOf = (text: string): ToneKind | SafetyKind | 'ok' => {
      const verdict = checkTone(text, zh);
      return verdict.ok ? 'ok' : verdict.kind;
    };
    expect(kindOf('他再吵，我就拿菜刀去找他。')).toBe('violence');
    expect(kindOf('我实在撑不下去了，真想一死了之。')).toBe('self_harm');
    expect(kindOf('地下室好像着火了。')).toBe('danger');
    expect(checkTone('地下室好像着火了。', zh)).toMatchObject({ safety: true });
  });

  it('puts safety before an insult in the same message', () => {
    expect(checkTone('你这个混蛋，再吵我就弄死你。', zh)).toEqual({ ok: false, kind: 'violence', safety: true });
  });

  it('copes with emoji, mixed scripts and empty text', () => {
    expect(checkTone('谢谢您的蛋糕🎂 thank you so much 😊', zh)).toEqual({ ok: true });
    expect(checkTone('', zh)).toEqual({ ok: true });
  });

  it('offers a native-sounding reframe that invites rather than commands', () => {
    expect(suggestedReframe('blame', zh)).toMatch(/^听起来这件事让您很困扰。要不要换一种说法/);
  });
});

describe('loading a tone lexicon', () => {
  let dir: string | undefined;

  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function brokenCopy(edit: (yaml: string) => string): string {
    dir = mkdtempSync(join(tmpdir(), 'tone-lexicon-'));
    writeFileSync(join(dir, 'en.yaml'), edit(readFileSync(join(promptsDir, 'en.yaml'), 'utf8')));
    return dir;
  }

  it('names the file and the field when a reframe is missing', () => {
    const broken = brokenCopy((yaml) => yaml.replace(/^ {2}threat: >-\n(?: {4}.*\n)+/m, ''));
    expect(() => loadToneLexicon('en', broken)).toThrow(/en\.yaml.*field "reframes\.threat"/);
  });

  it('names the field holding a broken regular expression', () => {
    const broken = brokenCopy((yaml) => yaml.replace("      - '!{3,}'", "      - '(unclosed'"));
    expect(() => loadToneLexicon('en', broken)).toThrow(/en\.yaml.*field "tone\.shouting\.patterns\.0".*regular expression/);
  });

  it('asks for lower-case patterns, since they are tested against the lower-cased message', () => {
    const broken = brokenCopy((yaml) => yaml.replace("      - '!{3,}'", "      - 'TURN IT DOWN'"));
    expect(() => loadToneLexicon('en', broken)).toThrow(/en\.yaml.*field "tone\.shouting\.patterns\.0".*lower case/);
  });

  it('names the field holding a broken reassurance pattern', () => {
    const broken = brokenCopy((yaml) => yaml.replace(/^reassurance:\n {2}flagAt: 0\.95\n {2}patterns:\n {4}- .*$/m, "reassurance:\n  flagAt: 0.95\n  patterns:\n    - '(unclosed'"));
    expect(() => loadToneLexicon('en', broken)).toThrow(/en\.yaml.*field "reassurance\.patterns\.0".*regular expression/);
  });

  it('names the file when the YAML itself does not parse', () => {
    const broken = brokenCopy(() => 'tone: [unclosed\n');
    expect(() => loadToneLexicon('en', broken)).toThrow(/en\.yaml/);
  });

  it('names the model file and the field when the learned weights are damaged', () => {
    const broken = brokenCopy((yaml) => yaml);
    const model = JSON.parse(readFileSync(join(promptsDir, 'model-en.json'), 'utf8')) as { weights: Record<string, number[]> };
    const first = Object.keys(model.weights)[0] ?? '';
    model.weights[first] = [1, 2];
    writeFileSync(join(broken, 'model-en.json'), JSON.stringify(model));
    expect(() => loadToneLexicon('en', broken)).toThrow(/model-en\.json.*field "weights\./);
    writeFileSync(join(broken, 'model-en.json'), '{"classes": [');
    expect(() => loadToneLexicon('en', broken)).toThrow(/model-en\.json could not be read/);
  });

  it('reads with patterns and structure alone when there is no model next to the lexicon', () => {
    const plain = brokenCopy((yaml) => yaml);
    const lexicon = loadToneLexicon('en', plain);
    expect(lexicon.model).toBeUndefined();
    expect(checkTone('You are an idiot.', lexicon)).toMatchObject({ ok: false, kind: 'insult' });
    expect(checkTone('Could we talk on Sunday?', lexicon)).toEqual({ ok: true });
  });

  it('gives each caller its own lexicon', () => {
    expect(loadToneLexicon('en')).not.toBe(loadToneLexicon('en'));
  });
});

describe('tone guard, reading how hostility is put together', () => {
  const en = loadToneLexicon('en');
  const zh = loadToneLexicon('zh-CN');
  const kindOf = (text: string, lexicon: ToneLexicon): string => toneVerdictLines([text], lexicon)[0] ?? 'missing';

  it('flags contempt built from everyday words aimed at the other person, in both languages', () => {
    expect(kindOf("You're a complete joke.", en)).toBe('flag:insult');
    expect(kindOf('You are the rudest neighbour on this floor.', en)).toBe('flag:insult');
    expect(kindOf('Your kids are feral.', en)).toBe('flag:insult');
    expect(kindOf('你是我见过最差的邻居。', zh)).toBe('flag:insult');
    expect(kindOf('像你们这样的人，走到哪儿都讨人嫌。', zh)).toBe('flag:insult');
  });

  it('lets the same words through when they are about a thing, or about oneself', () => {
    expect(kindOf('The parking system is a joke, honestly.', en)).toBe('ok');
    expect(kindOf('I felt like such an idiot at the meeting.', en)).toBe('ok');
    expect(kindOf('I never said you were selfish.', en)).toBe('ok');
    expect(kindOf('这个停车系统简直是个笑话。', zh)).toBe('ok');
    expect(kindOf('我没说过你自私。', zh)).toBe('ok');
  });

  it('flags sweeping generalisations, mocking questions and praise, and dismissive commands', () => {
    expect(kindOf('Every night without fail you leave the gate open.', en)).toBe('flag:absolute');
    expect(kindOf('Who brought you up, wolves?', en)).toBe('flag:mockery');
    expect(kindOf('Oh well done, genius, you flooded the kitchen again.', en)).toBe('flag:mockery');
    expect(kindOf('Just grow up.', en)).toBe('flag:command');
    expect(kindOf('每天晚上你都雷打不动地摔门。', zh)).toBe('flag:absolute');
    expect(kindOf('你脑子进水了吧？', zh)).toBe('flag:mockery');
    expect(kindOf('少管闲事。', zh)).toBe('flag:command');
  });

  it('does not take thanks or a plain question for mockery', () => {
    expect(kindOf('Oh lovely, thank you so much for the flowers.', en)).toBe('ok');
    expect(kindOf('What time do you get back from work on Fridays?', en)).toBe('ok');
    expect(kindOf('哎呀，太谢谢您的花了。', zh)).toBe('ok');
    expect(kindOf('您知道垃圾房的备用钥匙在谁那儿吗？', zh)).toBe('ok');
  });

  it('flags threats put indirectly', () => {
    expect(kindOf('It would be a shame if something happened to that nice new car of yours.', en)).toBe('flag:threat');
    expect(kindOf('这事没完。', zh)).toBe('flag:threat');
  });

  it('is unsure, and lets the message through, when the evaluation is mild', () => {
    expect(checkTone('You are being difficult about the fence.', en)).toEqual({ ok: true, unsure: 'insult' });
    expect(checkTone('你太固执了。', zh)).toEqual({ ok: true, unsure: 'insult' });
  });

  it('reads words that are also names of built-in properties like any other word', () => {
    expect(checkTone('constructor __proto__ toString hasOwnProperty', en)).toEqual({ ok: true });
    expect(checkTone('constructor __proto__ toString', zh)).toEqual({ ok: true });
  });
});
