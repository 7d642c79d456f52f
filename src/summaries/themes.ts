/**
 * Topics (themes) in messages or feedback reports, found offline and deterministically.
 *
 * Method: each item becomes a TF-IDF vector of its terms (terms.ts: Porter stems in English, jieba
 * words in Chinese). Spherical k-means (kmeans.ts) splits the items into more clusters than there
 * are likely topics (k grows with the square root of the items, at most maxThemes), keeping the
 * tightest of three seeded runs. Then every term is weighed by how much it says about the cluster
 * (termFocus): words residents use whatever the topic ("building", "evening", 小区) lose weight,
 * and k-means runs again on the re-weighed vectors. Finally clusters whose centres are still close
 * are merged, so a topic is not split in two by the way people happen to phrase it. When many items
 * fit no theme large enough to list, they are clustered again on their own (gatherLeftovers), so a
 * topic written many ways with few words in common is listed rather than dropped. Each step is
 * deterministic (fixed seeds), so the same input always gives the same themes.
 *
 * Bounded cost on large input: the themes are learnt from an evenly spaced sample of at most
 * LEARN_SAMPLE items (learnThemes); every item is then placed in the theme whose centre it is
 * closest to, one at a time (createThemeTally), keeping only ids, counts and a few candidate quotes.
 * An item is placed only in a theme one of whose words (its THEME_WORDS heaviest terms) it uses, so
 * a theme's share counts messages its name describes: k-means also gathers into one cluster items
 * that fit nowhere else, and without this a cluster named after its one coherent part ("dog /
 * pick") would count them all. An item that uses no theme's words belongs to none.
 *
 * A theme is named by its heaviest terms, each shown as the word residents used most for it
 * ("parking", not the stem "park"; 电梯 in Chinese).
 */
import { addInto, cluster, evenSample, normalise, topIndices, type Clustering } from './kmeans';
import { nameRemover } from './redact';
import { dotDense, headWord, termTokens as tokensOf, weighTerms, type TermVector, type WeightedTerms } from './terms';
import { seededRandom } from '../core/seeded-random';

export interface ThemeItem {
  id: string;
  text: string;
  /** Who wrote it, when known (hidden from a model, never shown). */
  author?: string;
}

export interface Theme {
  /** The top 2-3 words joined by ' / '. */
  label: string;
  /** The words that weigh most in the theme, most important first, as residents wrote them. */
  terms: string[];
  /** Ids of the items in the theme, in input order. */
  memberIds: string[];
  /** Ids of the 2-3 first items of `closest`. */
  representativeIds: string[];
  /**
   * Items close to the theme's centre (as many as the tally keeps): first the closest that say
   * different things (no two near-duplicates), closest first, then the closest of the rest.
   */
  closest: ThemeItem[];
  /** How many items are in the theme (memberIds.length, unless the tally kept no ids). */
  count: number;
}

export interface ThemeOptions {
  /** The most themes to return (the k of k-means, before close themes merge); 12 unless told. */
  maxThemes?: number;
  /** Names of people (authors, participants): never read as a theme's words. */
  names?: string[];
}

/** What was learnt from a sample: the themes' centres and words, able to place any item. */
export interface ThemeModel {
  /** How many themes there are. */
  readonly size: number;
  /** The words of each theme, most important first. */
  readonly words: string[][];
  /** The theme an item's text belongs to and how close it is (0..1), or null when it fits none. */
  place(text: string): { theme: number; similarity: number; terms: Int32Array } | null;
  /** How close a text is to one theme's centre (0..1). */
  similarity(text: string, theme: number): number;
  /** The terms the model reads in a text (names left out), those it knows. */
  terms(text: string): string[];
}

const DEFAULT_MAX_THEMES = 12;
/** Themes are learnt from at most this many items; the rest are placed in the themes found. */
export const LEARN_SAMPLE = 2_000;
/** k-means runs per clustering; the tightest is kept. */
const RESTARTS = 3;
/** Two themes whose centres are at least this similar are one theme. */
const MERGE_SIMILARITY = 0.3;
/** From this many items on, a term must occur in two items to count. */
const SHARED_TERMS_FROM = 10;
const SEED = 0x5eed;
const HAN = /\p{Script=Han}/u;
/** An item less similar than this to every theme's centre fits none of them. */
const MIN_PLACE_SIMILARITY = 0.1;
/** The least weight focus leaves a term with. */
const MIN_FOCUS = 0.1;
const THEME_WORDS = 5;
/** From this share of the items fitting no theme that can be listed, they are clustered again on their own. */
const LEFTOVER_SHARE = 0.12;
/** A theme with fewer items than this share is too small to list (the 3% of topic summaries). */
const LEFTOVER_THEME_SHARE = 0.03;
/** Leftover clusters whose plain centres are this similar are one topic. */
const LEFTOVER_MERGE_SIMILARITY = 0.06;
/** A term at least this share of a group's items use can be its key term (mergeSameKey). */
const KEY_TERM_SHARE = 0.5;
/** A term more than this share of all the items use is no group's key term. */
const KEY_TERM_MAX_SPREAD = 0.5;
/** The words of a theme made of leftovers. */
const LEFTOVER_WORDS = 12;
const LABEL_WORDS = 3;
const REPRESENTATIVES = 3;
/** Candidate quotes kept per theme while tallying, so near-duplicates can be skipped at the end. */
const CANDIDATES = 12;

/** Learns themes from a sample of items; null when the items give no terms to group by. */
export function learnThemes(items: ThemeItem[], options: ThemeOptions = {}): ThemeModel | null {
  const maxThemes = Math.max(1, Math.floor(options.maxThemes ?? DEFAULT_MAX_THEMES));
  // Names are never a theme's words: Chinese names are taken out of the text before it is cut into
  // words (the segmenter may cut a name apart); a word of a Latin name is left out where it is
  // written as a name (with a capital, or after "@"), so that "Tom" and "@Grace" are never a theme's
  // word while the car park stays one when someone is called Park.
  const names = options.names ?? [];
  const withoutNames = nameRemover(names.filter((name) => HAN.test(name)));
  const withoutNameWords = nameWordRemover(names.filter((name) => !HAN.test(name)));
  const termTokens = (text: string) => tokensOf(withoutNames(withoutNameWords(text)));
  const documents: string[][] = [];
  const surface = new Map<string, Map<string, number>>();
  for (const item of items) {
    const tokens = termTokens(item.text);
    if (tokens.length === 0) continue;
    documents.push(tokens.map((token) => token.term));
    for (const { term, word } of tokens) {
      const words = surface.get(term) ?? new Map<string, number>();
      words.set(word, (words.get(word) ?? 0) + 1);
      surface.set(term, words);
    }
  }
  if (documents.length === 0) return null;
  let weighted = weighTerms(documents, { minDocumentFrequency: documents.length >= SHARED_TERMS_FROM ? 2 : 1 });
  const plain = weighted.vectors.filter((vector) => vector.indices.length > 0);
  if (plain.length === 0) return null;
  const dimensions = weighted.vocabulary.length;
  const k = Math.min(maxThemes, Math.max(1, Math.ceil(Math.sqrt(plain.length / 2))));
  const random = seededRandom(SEED);
  let clustering = tightest(plain, dimensions, k, random);
  let vectors = plain;
  if (k > 1) {
    const focus = termFocus(plain, clustering, dimensions);
    vectors = plain.map((vector) => focused(vector, focus));
    clustering = tightest(vectors, dimensions, k, random);
    const plainVectorOf = weighted.vectorOf;
    weighted = { ...weighted, vectorOf: (terms) => focused(plainVectorOf(terms), focus) };
  }
  const merged = mergeSameKey(mergeClose(clustering, plainCentroids(plain, clustering, dimensions), MERGE_SIMILARITY), plain, vectors);
  const groups = mergeSameKey(gatherLeftovers(merged, plain, vectors, dimensions, maxThemes, random), plain, vectors);
  // A Chinese part of a longer word (垃圾 in 垃圾桶) is shown as itself when residents also wrote
  // it on its own, otherwise as the word it came from (自行 -> 自行车).
  const wordOf = (index: number): string => {
    const term = weighted.vocabulary[index] as string;
    const words = surface.get(term);
    // A word-table group (lift, elevator) is shown as its head word when residents wrote it.
    const head = headWord(term);
    if (head !== undefined && words?.has(head)) return head;
    return HAN.test(term) && words?.has(term) ? term : (mostUsed(words) ?? term);
  };
  return modelOf(
    groups.map((group) => group.centroid),
    weighted,
    termTokens,
    groups.map((group) => [...new Set(topIndices(group.plain, group.words ?? THEME_WORDS).map(wordOf))]),
    groups.map((group) => new Set(topIndices(group.plain, group.words ?? THEME_WORDS))),
  );
}

/**
 * How much each term says about which theme an item is in: 1 minus the normalised entropy of the
 * term's spread over a first clustering. A word found evenly in every cluster ("building",
 * "evening") says little and weighs less in the second clustering; a word found in one cluster
 * ("lift") keeps its weight.
 */
function termFocus(vectors: TermVector[], clustering: Clustering, dimensions: number): Float64Array {
  const k = clustering.centroids.length;
  const counts = new Float64Array(dimensions * k);
  vectors.forEach((vector, i) => {
    const c = clustering.assignment[i] as number;
    for (const index of vector.indices) counts[index * k + c] = (counts[index * k + c] as number) + 1;
  });
  const focus = new Float64Array(dimensions);
  for (let t = 0; t < dimensions; t += 1) {
    let total = 0;
    for (let c = 0; c < k; c += 1) total += counts[t * k + c] as number;
    let entropy = 0;
    for (let c = 0; c < k; c += 1) {
      const p = (counts[t * k + c] as number) / total;
      if (p > 0) entropy -= p * Math.log(p);
    }
    focus[t] = Math.max(MIN_FOCUS, 1 - entropy / Math.log(k));
  }
  return focus;
}

function focused(vector: TermVector, focus: Float64Array): TermVector {
  const weights = Float64Array.from(vector.weights, (weight, i) => weight * (focus[vector.indices[i] as number] as number));
  let squares = 0;
  for (const weight of weights) squares += weight * weight;
  const length = Math.sqrt(squares);
  if (length > 0) for (let i = 0; i < weights.length; i += 1) weights[i] = (weights[i] as number) / length;
  return { indices: vector.indices, weights };
}

/** The tightest of a few k-means runs (different k-means++ seeds) with k clusters. */
function tightest(vectors: TermVector[], dimensions: number, k: number, random: () => number): Clustering {
  let best = cluster(vectors, dimensions, k, random);
  for (let restart = 1; restart < RESTARTS; restart += 1) {
    const next = cluster(vectors, dimensions, k, random);
    if (next.cohesion > best.cohesion) best = next;
  }
  return best;
}

/** The centre of each cluster's unweighted (plain TF-IDF) vectors: what its items share, in their words. */
function plainCentroids(plain: TermVector[], clustering: Clustering, dimensions: number): Float64Array[] {
  const centroids = clustering.centroids.map(() => new Float64Array(dimensions));
  plain.forEach((vector, i) => addInto(centroids[clustering.assignment[i] as number] as Float64Array, vector));
  for (const centroid of centroids) normalise(centroid);
  return centroids;
}

interface Group {
  /** Centre in the focused space, used to place items. */
  centroid: Float64Array;
  /** Centre of the plain vectors, used to merge and to name. */
  plain: Float64Array;
  size: number;
  /** How many of its heaviest terms are its words (THEME_WORDS unless told). */
  words?: number;
}

/**
 * When many items fit no theme, or only themes too small to list, they are clustered again on
 * their own: a topic written many ways with few words in common (the bar, bass through the walls,
 * earplugs, 楼上咚咚响) is cut by the first clustering into pieces too small to list, one or two
 * phrasings each, and its messages fit no listed theme. Among the leftovers alone, those pieces
 * are the closest clusters, and the words they share (night, sleep, loud; 吵, 晚上) join them:
 * leftover clusters are merged from LEFTOVER_MERGE_SIMILARITY on, and a theme made of leftovers
 * has more words (LEFTOVER_WORDS), since its messages share fewer. The small themes whose items
 * were clustered again are replaced by what the leftovers give.
 */
function gatherLeftovers(groups: Group[], plain: TermVector[], vectors: TermVector[], dimensions: number, maxThemes: number, random: () => number): Group[] {
  const tops = groups.map((group) => new Set(topIndices(group.plain, group.words ?? THEME_WORDS)));
  const placed = vectors.map((vector) => closestGroup(vector, groups, tops));
  const sizes = new Array<number>(groups.length).fill(0);
  for (const c of placed) if (c >= 0) sizes[c] = (sizes[c] as number) + 1;
  const small = sizes.map((size) => size < LEFTOVER_THEME_SHARE * vectors.length);
  const leftovers = placed.flatMap((c, i) => (c < 0 || small[c] === true ? [i] : []));
  const kept = groups.filter((_, c) => small[c] !== true);
  // Never more themes than asked for.
  const room = maxThemes - kept.length;
  if (leftovers.length < LEFTOVER_SHARE * vectors.length || room <= 0) return groups;
  const k = Math.min(maxThemes, Math.max(1, Math.ceil(Math.sqrt(leftovers.length / 2))));
  const leftoverPlain = leftovers.map((i) => plain[i] as TermVector);
  const clustering = tightest(leftovers.map((i) => vectors[i] as TermVector), dimensions, k, random);
  const found = mergeClose(clustering, plainCentroids(leftoverPlain, clustering, dimensions), LEFTOVER_MERGE_SIMILARITY)
    .filter((group) => group.size >= LEFTOVER_THEME_SHARE * vectors.length)
    .sort((a, b) => b.size - a.size)
    .slice(0, room)
    .map((group) => ({ ...group, words: LEFTOVER_WORDS }));
  return [...kept, ...found];
}

/**
 * Merges the groups that have the same key term: among the terms at least KEY_TERM_SHARE of a
 * group's items use, the one most items of the whole sample use. k-means cuts a theme said many
 * ways into one cluster a phrasing ("the boiler broke down", "the heating goes off every
 * evening", "the radiators are cold" read as heating by the word table); each of them is mostly
 * made of messages with the theme's own word, and that word is the most common of those they
 * share. A word shared by chance ("week" in "the lift has been out for a week" and "nobody
 * emptied the bins this week") is not the key term of either group: "lift" and "rubbish" are
 * used by more messages. A word more than half the messages use ("block" in every message of a
 * thread about two blocks' lifts and bins) is no theme's key term.
 */
function mergeSameKey(groups: Group[], plain: TermVector[], vectors: TermVector[]): Group[] {
  if (groups.length < 2) return groups;
  const tops = groups.map((group) => new Set(topIndices(group.plain, group.words ?? THEME_WORDS)));
  const documentFrequency = new Map<number, number>();
  for (const vector of plain) for (const index of vector.indices) documentFrequency.set(index, (documentFrequency.get(index) ?? 0) + 1);
  const uses = groups.map(() => new Map<number, number>());
  const sizes = new Array<number>(groups.length).fill(0);
  vectors.forEach((vector, i) => {
    const c = closestGroup(vector, groups, tops);
    if (c < 0) return;
    sizes[c] = (sizes[c] as number) + 1;
    const counts = uses[c] as Map<number, number>;
    for (const index of (plain[i] as TermVector).indices) counts.set(index, (counts.get(index) ?? 0) + 1);
  });
  const keys = uses.map((counts, c) => {
    let key = -1;
    for (const [index, count] of counts) {
      const df = documentFrequency.get(index) ?? 0;
      if (count < KEY_TERM_SHARE * (sizes[c] as number) || df > KEY_TERM_MAX_SPREAD * plain.length) continue;
      const best = documentFrequency.get(key) ?? 0;
      if (df > best || (df === best && index < key)) key = index;
    }
    return key;
  });
  const byKey = new Map<number, Group[]>();
  const out: Group[] = [];
  groups.forEach((group, c) => {
    const key = keys[c] as number;
    if (key < 0) out.push(group);
    else byKey.set(key, [...(byKey.get(key) ?? []), group]);
  });
  for (const same of byKey.values()) out.push(same.reduce(joined));
  return out;
}

/** One group made of two, centres weighed by their sizes. */
function joined(left: Group, right: Group): Group {
  const mix = (x: Float64Array, y: Float64Array): Float64Array => {
    const merged = x.map((value, t) => value * left.size + (y[t] as number) * right.size);
    normalise(merged);
    return merged;
  };
  const words = Math.max(left.words ?? THEME_WORDS, right.words ?? THEME_WORDS);
  return { centroid: mix(left.centroid, right.centroid), plain: mix(left.plain, right.plain), size: left.size + right.size, ...(words === THEME_WORDS ? {} : { words }) };
}

/** The group an item is placed in, as ThemeModel.place does, or -1. */
function closestGroup(vector: TermVector, groups: Group[], tops: Set<number>[]): number {
  let best = -1;
  let similarity = 0;
  groups.forEach((group, c) => {
    if (!vector.indices.some((index) => tops[c]?.has(index) ?? false)) return;
    const value = dotDense(vector, group.centroid);
    if (value > similarity) [best, similarity] = [c, value];
  });
  return similarity < MIN_PLACE_SIMILARITY ? -1 : best;
}

/**
 * Merges, closest pair first, clusters whose plain centres are at least MERGE_SIMILARITY alike: two
 * clusters that share their main word ("parking") are one topic phrased two ways, even though the
 * focused weights told them apart.
 */
function mergeClose(clustering: Clustering, plain: Float64Array[], threshold: number): Group[] {
  const sizes = new Array<number>(clustering.centroids.length).fill(0);
  for (const label of clustering.assignment) sizes[label] = (sizes[label] as number) + 1;
  let groups: Group[] = clustering.centroids
    .map((centroid, c) => ({ centroid: Float64Array.from(centroid), plain: plain[c] as Float64Array, size: sizes[c] as number }))
    .filter((group) => group.size > 0);
  for (;;) {
    let pair: [number, number] | undefined;
    let closest = threshold;
    for (let a = 0; a < groups.length; a += 1) {
      for (let b = a + 1; b < groups.length; b += 1) {
        const similarity = dense((groups[a] as Group).plain, (groups[b] as Group).plain);
        if (similarity >= closest) [pair, closest] = [[a, b], similarity];
      }
    }
    if (pair === undefined) return groups;
    const [left, right] = [groups[pair[0]] as Group, groups[pair[1]] as Group];
    const mix = (x: Float64Array, y: Float64Array): Float64Array => {
      const merged = x.map((value, t) => value * left.size + (y[t] as number) * right.size);
      normalise(merged);
      return merged;
    };
    const merged: Group = { centroid: mix(left.centroid, right.centroid), plain: mix(left.plain, right.plain), size: left.size + right.size };
    groups = [...groups.filter((_, i) => i !== pair[0] && i !== pair[1]), merged];
  }
}

function dense(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function mostUsed(words: Map<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let count = 0;
  for (const [word, n] of words ?? []) if (n > count || (n === count && best !== undefined && word < best)) [best, count] = [word, n];
  return best;
}

function modelOf(centroids: Float64Array[], weighted: WeightedTerms, termTokens: (text: string) => { term: string }[], words: string[][], top: Set<number>[]): ThemeModel {
  let known: Set<string> | undefined;
  return {
    size: centroids.length,
    words,
    terms(text) {
      const vocabulary = (known ??= new Set(weighted.vocabulary));
      return termTokens(text).map((token) => token.term).filter((term) => vocabulary.has(term));
    },
    similarity(text, theme) {
      const centroid = centroids[theme];
      const vector = weighted.vectorOf(termTokens(text).map((token) => token.term));
      return centroid === undefined || vector.indices.length === 0 ? 0 : dotDense(vector, centroid);
    },
    place(text) {
      const vector = weighted.vectorOf(termTokens(text).map((token) => token.term));
      if (vector.indices.length === 0) return null;
      let theme = -1;
      let similarity = 0;
      centroids.forEach((centroid, c) => {
        // A theme counts only messages that use one of its words, so its name and share agree.
        if (!vector.indices.some((index) => top[c]?.has(index) ?? false)) return;
        const value = dotDense(vector, centroid);
        if (value > similarity) [theme, similarity] = [c, value];
      });
      return theme < 0 || similarity < MIN_PLACE_SIMILARITY ? null : { theme, similarity, terms: vector.indices };
    },
  };
}

/** Places items in a model's themes one at a time; keeps ids and a few candidate quotes a theme. */
export interface ThemeTally {
  add(item: ThemeItem): void;
  /** The themes with at least one item, largest first (then by label), each with its model index. */
  themes(): (Theme & { index: number })[];
  /** Items that fit no theme. */
  readonly unplaced: number;
}

/**
 * `keep`: how many of the items closest to each theme's centre to keep (12 unless told).
 * `ids: false` counts the items of each theme without keeping their ids (`memberIds` stays empty,
 * `count` is set), for summaries of very long threads.
 */
export function createThemeTally(model: ThemeModel, options: { keep?: number; ids?: boolean } = {}): ThemeTally {
  const keep = Math.max(CANDIDATES, options.keep ?? CANDIDATES);
  const keepIds = options.ids ?? true;
  const counts = new Array<number>(model.size).fill(0);
  const members = Array.from({ length: model.size }, () => [] as string[]);
  // The closest items, and the closest that say different things (no two near-duplicates).
  const candidates = Array.from({ length: model.size }, () => [] as { item: ThemeItem; similarity: number }[]);
  const varied = Array.from({ length: model.size }, () => [] as Candidate[]);
  let unplaced = 0;
  return {
    get unplaced() {
      return unplaced;
    },
    add(item) {
      const placed = model.place(item.text);
      if (placed === null) {
        unplaced += 1;
        return;
      }
      counts[placed.theme] = (counts[placed.theme] as number) + 1;
      if (keepIds) (members[placed.theme] as string[]).push(item.id);
      const list = candidates[placed.theme] as { item: ThemeItem; similarity: number }[];
      if (list.length < keep || placed.similarity > (list.at(-1)?.similarity ?? 0)) {
        list.push({ item, similarity: placed.similarity });
        list.sort((a, b) => b.similarity - a.similarity);
        if (list.length > keep) list.pop();
      }
      const different = varied[placed.theme] as Candidate[];
      if (different.length < keep || placed.similarity > (different.at(-1)?.similarity ?? 0)) {
        const words = new Set(placed.terms);
        const same = different.findIndex((candidate) => sameQuote(candidate, words, item.text));
        if (same >= 0 && (different[same]?.similarity ?? 0) >= placed.similarity) return;
        if (same >= 0) different.splice(same, 1);
        different.push({ item, similarity: placed.similarity, words });
        different.sort((a, b) => b.similarity - a.similarity);
        if (different.length > keep) different.pop();
      }
    },
    themes() {
      const themes: (Theme & { index: number })[] = [];
      members.forEach((ids, c) => {
        const count = counts[c] as number;
        if (count === 0) return;
        const words = model.words[c] as string[];
        // Messages that say different things first, then the closest of the rest, no two texts the same.
        const seen = new Set<string>();
        const closest: ThemeItem[] = [];
        for (const { item } of [...(varied[c] ?? []), ...(candidates[c] ?? [])]) {
          const key = item.text.trim().toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          closest.push(item);
        }
        closest.length = Math.min(closest.length, keep);
        const representativeIds = closest.slice(0, REPRESENTATIVES).map((item) => item.id);
        themes.push({ label: labelOf(words), terms: words, memberIds: ids, representativeIds, closest, count, index: c });
      });
      return themes.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    },
  };
}

interface Candidate {
  item: ThemeItem;
  similarity: number;
  /** The item's terms, by index. */
  words: Set<number>;
}

/** Two messages sharing this share of their words (Jaccard) are the same quote. */
const SAME_QUOTE_WORDS = 0.6;

/**
 * The same words, or the same sentence with a greeting, "again" or "!!" around it, are one quote:
 * a theme's quotes are kept apart so that two or three different messages stand for it.
 */
function sameQuote(candidate: Candidate, words: Set<number>, text: string): boolean {
  return sameWords(candidate.words, words, candidate.item.text, text);
}

/** Two texts say the same thing: they share SAME_QUOTE_WORDS of their words (or, wordless, are equal). */
export function sameWords<T>(a: Set<T>, b: Set<T>, textA: string, textB: string): boolean {
  if (a.size === 0 || b.size === 0) return textA.trim().toLowerCase() === textB.trim().toLowerCase();
  let shared = 0;
  for (const word of b) if (a.has(word)) shared += 1;
  return shared / (a.size + b.size - shared) >= SAME_QUOTE_WORDS;
}

/** Themes in the items, largest first (then by label). */
export function findThemes(items: ThemeItem[], options: ThemeOptions = {}): Theme[] {
  const model = learnThemes(evenSample(items.length, LEARN_SAMPLE).map((i) => items[i] as ThemeItem), options);
  if (model === null) return [];
  const tally = createThemeTally(model);
  for (const item of items) tally.add(item);
  return tally.themes().map(({ index: _index, ...theme }) => theme);
}

/** Two or three of the top words, skipping a Chinese word that overlaps one already taken. */
function labelOf(words: string[]): string {
  const label: string[] = [];
  for (const word of words) {
    if (label.length === LABEL_WORDS) break;
    const overlaps = label.some((taken) => /\p{Script=Han}/u.test(word) && [...word].some((char) => taken.includes(char)));
    if (!overlaps) label.push(word);
  }
  return label.join(' / ');
}

/** A word, with the "@" that may mention it. */
const MENTIONABLE_WORD = /(@?)([\p{L}\p{M}\p{N}]+)/gu;

/**
 * Takes out of a text each word of these (Latin-script) names where it is written as a name: with a
 * capital first letter, or after "@". The same word written in lower case ("the car park", "a
 * green space") is left, since a name's words are often everyday words too.
 */
export function nameWordRemover(names: string[]): (text: string) => string {
  const words = new Set(names.flatMap((name) => name.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []));
  if (words.size === 0) return (text) => text;
  return (text) =>
    text.replace(MENTIONABLE_WORD, (whole, at: string, word: string) => {
      const lower = word.toLowerCase();
      const first = word.charAt(0);
      const asName = at !== '' || first !== first.toLowerCase();
      return asName && words.has(lower) ? ' ' : whole;
    });
}
