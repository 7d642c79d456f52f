import { describe, expect, it } from 'vitest';
import { extractSummary } from '../../src/summaries/extract';
import type { ExtractedSentence } from '../../src/summaries/extract';
import { splitSentences } from '../../src/summaries/sentences';
import { termTokens, terms } from '../../src/summaries/terms';
import { courtyardKeySentence, courtyardThread } from '../fixtures/summaries/courtyard-thread-en';
import type { ThreadMessage } from '../fixtures/summaries/courtyard-thread-en';
import { parkKeySentence, parkThread } from '../fixtures/summaries/park-thread-zh';

/** Shared terms over all terms of the two sentences (Jaccard). */
function termOverlap(a: string, b: string): number {
  const left = new Set(terms(a));
  const right = new Set(terms(b));
  const shared = [...left].filter((term) => right.has(term)).length;
  return shared / Math.max(1, new Set([...left, ...right]).size);
}

function expectGrounded(summary: ExtractedSentence[], thread: ThreadMessage[]): void {
  const byId = new Map(thread.map((message) => [message.id, message]));
  const order = thread.map((message) => message.id);
  let previous = -1;
  let previousSentence = -1;
  for (const sentence of summary) {
    const source = byId.get(sentence.sourceId);
    expect(source, `source of "${sentence.text}"`).toBeDefined();
    const sentences = splitSentences(source?.text ?? '');
    expect(sentences).toContain(sentence.text);
    const position = order.indexOf(sentence.sourceId);
    const within = sentences.indexOf(sentence.text);
    expect(position > previous || (position === previous && within > previousSentence)).toBe(true);
    previous = position;
    previousSentence = within;
  }
}

describe('splitSentences', () => {
  it('keeps abbreviations and decimal numbers inside English sentences', () => {
    expect(splitSentences('Mr. Li said the fee is 3.5 yuan. Is that fair?! I think so.')).toEqual([
      'Mr. Li said the fee is 3.5 yuan.',
      'Is that fair?!',
      'I think so.',
    ]);
  });

  it('splits Chinese on full-width punctuation and drops empty pieces', () => {
    expect(splitSentences('电梯坏了。谁来修？先报修；再等通知……  \n\n 好的！')).toEqual([
      '电梯坏了。',
      '谁来修？',
      '先报修；',
      '再等通知……',
      '好的！',
    ]);
  });
});

describe('terms', () => {
  it('drops stop words and numbers and stems English words, keeping the words they came from', () => {
    const tokens = termTokens('The 3 street lights are broken on Tuesdays');
    expect(tokens.map((token) => token.word)).toEqual(['street', 'lights', 'broken', 'tuesdays']);
    expect(terms('Parking, parked cars and more parking')).toEqual(['park', 'park', 'car', 'park']);
  });

  it('cuts Chinese into dictionary words, not single characters, alongside English words', () => {
    const found = terms('3号楼的电梯坏了, lifts broken');
    expect(found).toContain('电梯');
    expect(found).toContain('lift');
    expect(terms('小区门口的垃圾桶满了，垃圾没人清运。')).toEqual(expect.arrayContaining(['小区', '门口', '垃圾桶', '清运']));
    expect(found.some((term) => term.includes('的') || term.includes('了'))).toBe(false);
    expect(found.some((term) => /\d/u.test(term))).toBe(false);
  });

  it('leaves out Chinese words of how often and how much, which go with any topic', () => {
    expect(terms('保安还是经常不在岗，电梯也常常坏，门禁几乎天天失灵。')).toEqual(expect.arrayContaining(['保安', '电梯', '门禁']));
    expect(terms('保安还是经常不在岗，电梯也常常坏，门禁几乎天天失灵。').filter((term) => ['经常', '常常', '几乎', '天天'].includes(term))).toEqual([]);
  });
});

describe('extractSummary', () => {
  const cases = [
    {
      name: 'English courtyard discussion',
      thread: courtyardThread,
      key: courtyardKeySentence,
      // Three residents ask for the same sign in nearly the same words.
      sameIdea: ['m13', 'm14', 'm15'],
    },
    {
      name: 'Chinese park discussion',
      thread: parkThread,
      key: parkKeySentence,
      // Two residents put the dance floor on the east side in nearly the same words.
      sameIdea: ['z12', 'z13'],
    },
  ];

  for (const { name, thread, key, sameIdea } of cases) {
    describe(name, () => {
      const summary = extractSummary(thread, { maxSentences: 5 });

      it('returns exact sentences of the input in their original order, each with its message id', () => {
        expect(summary).toHaveLength(5);
        expectGrounded(summary, thread);
      });

      it('picks the sentence that states the main topic', () => {
        expect(summary.map((sentence) => sentence.text)).toContain(key);
      });

      it('does not pick near-duplicates', () => {
        for (let i = 0; i < summary.length; i += 1) {
          for (let j = i + 1; j < summary.length; j += 1) {
            const a = summary[i]?.text ?? '';
            const b = summary[j]?.text ?? '';
            expect(termOverlap(a, b), `"${a}" vs "${b}"`).toBeLessThan(0.6);
          }
        }
        const repeats = summary.filter((sentence) => sameIdea.includes(sentence.sourceId));
        expect(repeats.length).toBeLessThanOrEqual(1);
      });

      it('leaves out one-word replies', () => {
        expect(summary.every((sentence) => terms(sentence.text).length >= 3)).toBe(true);
      });
    });
  }

  it('returns the same summary every time', () => {
    expect(extractSummary(courtyardThread)).toEqual(extractSummary(courtyardThread));
  });

  it('honours maxSentences and copes with empty input', () => {
    expect(extractSummary(courtyardThread, { maxSentences: 2 })).toHaveLength(2);
    expect(extractSummary([])).toEqual([]);
    expect(extractSummary([{ id: 'x', text: '  ' }, { id: 'y', text: '123' }])).toEqual([]);
  });

  it('keeps only one copy of a sentence written twice', () => {
    const thread = [
      ...courtyardThread,
      { id: 'dup', text: courtyardKeySentence },
    ];
    const texts = extractSummary(thread).map((sentence) => sentence.text);
    expect(texts.filter((text) => text === courtyardKeySentence)).toHaveLength(1);
  });
});
