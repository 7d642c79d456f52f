/**
 * Representative statements of each opinion group ("repness"), as Pol.is selects them: the
 * statements on which a group differs most, with confidence, from everyone else who was grouped.
 *
 * For a group and a statement: pa = (agree + 1) / (seen + 2) in the group (pd the same for
 * disagree); ra = pa divided by the same share among the other groups' members (rd likewise); pat
 * and rat are the one- and two-proportion z tests of those shares. A statement is representative
 * when both tests pass at 90 % confidence (z > 1.2816) for agree or for disagree. Each group keeps
 * at most five, ranked by repness × its test × probability × its test, agrees before disagrees, with
 * the group's best agreed statement first; a group with none keeps its single best.
 */
import type { VoteCounts } from './consensus';

export interface RepresentativeStatement {
  statement: number;
  /** Whether the group stands out by agreeing or by disagreeing. */
  repfulFor: 'agree' | 'disagree';
  /** Group members who voted that way, and who voted at all. */
  nSuccess: number;
  nTrials: number;
  /** Smoothed share of the group who voted that way. */
  pSuccess: number;
  /** How many times more likely than in the other groups. */
  repness: number;
  /** z statistic of that difference. */
  repnessTest: number;
}

interface Stats {
  statement: number;
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

const Z_90 = 1.2816;
const PICK = 5;

/** One-proportion z test against one half, with Pol.is's +1 smoothing. */
export function propTest(success: number, trials: number): number {
  const s = success + 1;
  const n = trials + 1;
  return 2 * Math.sqrt(n) * (s / n - 0.5);
}

/** Two-proportion z test, with Pol.is's +1 smoothing. */
export function twoPropTest(successIn: number, successOut: number, trialsIn: number, trialsOut: number): number {
  const [s1, s2, n1, n2] = [successIn + 1, successOut + 1, trialsIn + 1, trialsOut + 1];
  const pooled = (s1 + s2) / (n1 + n2);
  if (pooled === 1) return 0;
  return (s1 / n1 - s2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
}

function statsFor(statement: number, own: VoteCounts, rest: VoteCounts): Stats {
  const pa = (own.agree + 1) / (own.seen + 2);
  const pd = (own.disagree + 1) / (own.seen + 2);
  return {
    statement,
    na: own.agree,
    nd: own.disagree,
    ns: own.seen,
    pa,
    pd,
    pat: propTest(own.agree, own.seen),
    pdt: propTest(own.disagree, own.seen),
    ra: pa / ((rest.agree + 1) / (rest.seen + 2)),
    rd: pd / ((rest.disagree + 1) / (rest.seen + 2)),
    rat: twoPropTest(own.agree, rest.agree, own.seen, rest.seen),
    rdt: twoPropTest(own.disagree, rest.disagree, own.seen, rest.seen),
  };
}

function finalise(s: Stats): RepresentativeStatement {
  return s.rat > s.rdt
    ? { statement: s.statement, repfulFor: 'agree', nSuccess: s.na, nTrials: s.ns, pSuccess: s.pa, repness: s.ra, repnessTest: s.rat }
    : { statement: s.statement, repfulFor: 'disagree', nSuccess: s.nd, nTrials: s.ns, pSuccess: s.pd, repness: s.rd, repnessTest: s.rdt };
}

/** The group's best agreed statement, shown as agreement as Pol.is shows it. */
function asAgree(s: Stats): RepresentativeStatement {
  return { statement: s.statement, repfulFor: 'agree', nSuccess: s.na, nTrials: s.ns, pSuccess: s.pa, repness: s.ra, repnessTest: s.rat };
}

function metric(r: RepresentativeStatement): number {
  return r.repness * r.repnessTest * r.pSuccess * propTest(r.nSuccess, r.nTrials);
}

function passes(s: Stats): boolean {
  return (s.rat > Z_90 && s.pat > Z_90) || (s.rdt > Z_90 && s.pdt > Z_90);
}

function beatsBestAgree(s: Stats, best: Stats | null): boolean {
  if (s.na === 0 && s.nd === 0) return false;
  if (best !== null && best.ra > 1) return s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat;
  if (best !== null) return s.pa * s.pat > best.pa * best.pat;
  return s.pat > Z_90 || (s.ra > 1 && s.pa > 0.5);
}

/**
 * The representative statements of each group. `groupCounts[g][j]` holds group g's votes on
 * statement j; statements in `excluded` (moderated out) are never chosen.
 */
export function representativeStatements(groupCounts: VoteCounts[][], excluded: ReadonlySet<number>): RepresentativeStatement[][] {
  const statementCount = groupCounts[0]?.length ?? 0;
  return groupCounts.map((own, g) => {
    let best: Stats | null = null;
    let bestAgree: Stats | null = null;
    const sufficient: Stats[] = [];
    for (let j = 0; j < statementCount; j += 1) {
      if (excluded.has(j)) continue;
      const rest = { agree: 0, disagree: 0, pass: 0, seen: 0 };
      groupCounts.forEach((other, h) => {
        if (h === g) return;
        const c = other[j] as VoteCounts;
        rest.agree += c.agree;
        rest.disagree += c.disagree;
        rest.pass += c.pass;
        rest.seen += c.seen;
      });
      const s = statsFor(j, own[j] as VoteCounts, rest);
      if (passes(s)) sufficient.push(s);
      if (sufficient.length === 0 && (best === null || Math.max(s.rat, s.rdt) > finalise(best).repnessTest)) best = s;
      if (beatsBestAgree(s, bestAgree)) bestAgree = s;
    }
    const head = bestAgree !== null ? [asAgree(bestAgree)] : best !== null ? [finalise(best)] : [];
    if (sufficient.length === 0) return head;
    const ranked = sufficient
      .filter((s) => s.statement !== bestAgree?.statement)
      .map(finalise)
      .sort((a, b) => metric(b) - metric(a) || a.statement - b.statement);
    const front = bestAgree !== null ? [asAgree(bestAgree)] : [];
    const chosen = [...front, ...ranked].slice(0, PICK);
    return [...chosen.filter((r) => r.repfulFor === 'agree'), ...chosen.filter((r) => r.repfulFor === 'disagree')];
  });
}
