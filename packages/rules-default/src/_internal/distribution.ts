/**
 * Distribution bounds and the calibration search behind `permenpanrb-6-2022`'s `distribute()`.
 * Pure and identity-blind: members are known only by their grade rank and evidence key.
 *
 * @internal
 * @packageDocumentation
 */

/** How a share of the pool turns into a head count. @internal */
export type Rounding = "FLOOR" | "ROUND" | "CEIL";

/** A bound on the number of members whose grade rank lies in `lo..hi` (inclusive). @internal */
export interface RankBound {
  /** First rank of the contiguous range (0 = best grade). */
  lo: number;
  /** Last rank of the range. */
  hi: number;
  /** AT_MOST or AT_LEAST `count` members. */
  kind: "AT_MOST" | "AT_LEAST";
  /** The head count. */
  count: number;
}

/** A member of the pool: its current grade rank and its evidence key (compared lexicographically, higher is better). @internal */
export interface CalibrationMember {
  /** Current grade rank (0 = best). */
  rank: number;
  /** Evidence key, most significant first. */
  key: readonly number[];
}

/** The calibration found: a proposed rank per member and its cost. @internal */
export interface CalibrationPlan {
  /** Proposed rank per member, in the members' order. */
  ranks: number[];
  /** Members whose rank changes. */
  changes: number;
  /** Grade steps moved in total (one member moved one grade is one step). */
  steps: number;
  /** Of which upward. */
  promotionSteps: number;
  /** Members moved to a better grade. */
  promotions: number;
  /** How far the proposal still misses the bounds (0 when it meets them all). */
  shortfall: number;
}

/**
 * The head count of a share of `n` members. The product is rounded to 9 decimals first so that
 * binary floating point (0.1 × 30 = 3.0000000000000004) never adds or drops a person.
 * @internal
 */
export function headCount(share: number, n: number, rounding: Rounding, minCount = 0): number {
  const exact = Math.round(share * n * 1e9) / 1e9;
  const rounded =
    rounding === "FLOOR" ? Math.floor(exact) : rounding === "CEIL" ? Math.ceil(exact) : Math.round(exact);
  return Math.max(minCount, rounded);
}

/** Compares two evidence keys: negative when `a` is weaker than `b`. @internal */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const d = (a[i] ?? Number.NEGATIVE_INFINITY) - (b[i] ?? Number.NEGATIVE_INFINITY);
    if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Members per rank. @internal */
export function rankCounts(ranks: readonly number[], gradeCount: number): number[] {
  const counts = new Array<number>(gradeCount).fill(0);
  for (const r of ranks) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** The number of members in `lo..hi`. @internal */
export function countInRange(counts: readonly number[], lo: number, hi: number): number {
  let s = 0;
  for (let r = lo; r <= hi; r += 1) s += counts[r] ?? 0;
  return s;
}

/** Whether a bound holds for the counts, and by how many members it is missed. @internal */
export function boundShortfall(bound: RankBound, counts: readonly number[]): number {
  const actual = countInRange(counts, bound.lo, bound.hi);
  return bound.kind === "AT_MOST" ? Math.max(0, actual - bound.count) : Math.max(0, bound.count - actual);
}

/** Total shortfall of the counts against every bound. @internal */
export function totalShortfall(bounds: readonly RankBound[], counts: readonly number[]): number {
  return bounds.reduce((s, b) => s + boundShortfall(b, counts), 0);
}

interface Edge {
  /** N[b] = N[a] + off. */
  a: number;
  b: number;
  off: number;
}

/**
 * Candidate values of each cumulative count N[q] (members with rank < q): every value a vertex
 * of the feasible region can take, i.e. an anchor (0, n, or the current A[q]) plus the offsets
 * of a chain of tight constraints.
 */
function candidateValues(
  gradeCount: number,
  n: number,
  anchors: readonly number[],
  edges: readonly Edge[],
): number[][] {
  const out: number[][] = [];
  for (let q = 1; q < gradeCount; q += 1) {
    const values = new Set<number>();
    const visited = new Set<number>([q]);
    const walk = (p: number, acc: number): void => {
      const v = (anchors[p] ?? 0) + acc;
      if (v >= 0 && v <= n) values.add(v);
      for (const e of edges) {
        if (e.a === p && !visited.has(e.b)) {
          visited.add(e.b);
          walk(e.b, acc - e.off);
          visited.delete(e.b);
        } else if (e.b === p && !visited.has(e.a)) {
          visited.add(e.a);
          walk(e.a, acc + e.off);
          visited.delete(e.a);
        }
      }
    };
    walk(q, 0);
    out.push([...values].sort((x, y) => x - y));
  }
  return out;
}

interface Target {
  N: number[];
  shortfall: number;
  steps: number;
  upSteps: number;
}

/**
 * Builds the assignment for target cumulative counts N (members with rank < q), moving across
 * each boundary in one direction only. Demotions across q take the weakest evidence among those
 * already demoted across q − 1 and the members of grade q − 1; promotions mirror this from below.
 * A member demoted several grades is thus never pushed past a member with weaker evidence, and
 * every member is moved as few grades as the counts allow.
 */
function assign(
  members: readonly CalibrationMember[],
  classes: readonly number[][],
  A: readonly number[],
  N: readonly number[],
  gradeCount: number,
): number[] {
  const ranks = members.map((m) => m.rank);
  const shift = new Array<number>(members.length).fill(0);
  let previous: number[] = [];
  const demoted = new Set<number>();
  for (let q = 1; q < gradeCount; q += 1) {
    const d = (N[q] ?? 0) - (A[q] ?? 0);
    if (d >= 0) {
      previous = [];
      continue;
    }
    const inPrevious = new Set(previous);
    const pool = [...previous, ...(classes[q - 1] ?? [])];
    pool.sort(
      (x, y) =>
        compareKeys(members[x]!.key, members[y]!.key) ||
        Number(inPrevious.has(y)) - Number(inPrevious.has(x)) ||
        ranks[y]! - ranks[x]! ||
        x - y,
    );
    previous = pool.slice(0, -d);
    for (const i of previous) {
      shift[i] = (shift[i] ?? 0) + 1;
      demoted.add(i);
    }
  }
  previous = [];
  for (let q = gradeCount - 1; q >= 1; q -= 1) {
    const d = (N[q] ?? 0) - (A[q] ?? 0);
    if (d <= 0) {
      previous = [];
      continue;
    }
    const inPrevious = new Set(previous);
    const pool = [...previous, ...(classes[q] ?? []).filter((i) => !demoted.has(i))];
    pool.sort(
      (x, y) =>
        compareKeys(members[y]!.key, members[x]!.key) ||
        Number(inPrevious.has(y)) - Number(inPrevious.has(x)) ||
        ranks[x]! - ranks[y]! ||
        x - y,
    );
    previous = pool.slice(0, d);
    for (const i of previous) shift[i] = (shift[i] ?? 0) - 1;
  }
  return ranks.map((r, i) => r + (shift[i] ?? 0));
}

/**
 * The calibration that meets the bounds with the fewest grade steps (one member moved one grade
 * is one step), or, when no assignment can meet them, misses them by the fewest members. It never
 * places a member below another member with weaker evidence who was not already below them.
 * Ties: fewer upward steps, then fewer members changed, then more members kept in better grades.
 * Within a grade the weakest evidence moves down first and the strongest moves up first; members
 * with equal evidence and grade are interchangeable (the first in input order is named).
 * @internal
 */
export function planCalibration(
  members: readonly CalibrationMember[],
  bounds: readonly RankBound[],
  gradeCount: number,
): CalibrationPlan {
  const classes: number[][] = Array.from({ length: gradeCount }, () => []);
  members.forEach((m, i) => {
    classes[m.rank]?.push(i);
  });
  const counts = classes.map((c) => c.length);
  const best = searchPlan(counts, bounds, gradeCount, (A, N) => {
    const ranks = assign(members, classes, A, N, gradeCount);
    return {
      ranks,
      ...changeCounts(
        ranks.length,
        (i) => members[i]!.rank,
        (i) => ranks[i]!,
      ),
    };
  });
  return best ?? { ...unchangedPlan(bounds, counts), ranks: members.map((m) => m.rank) };
}

/** How many members a proposal changes, and how many it promotes. */
function changeCounts(
  n: number,
  from: (i: number) => number,
  to: (i: number) => number,
): { changes: number; promotions: number } {
  let changes = 0;
  let promotions = 0;
  for (let i = 0; i < n; i += 1) {
    if (to(i) !== from(i)) changes += 1;
    if (to(i) < from(i)) promotions += 1;
  }
  return { changes, promotions };
}

/** The plan that changes nothing, without its ranks. */
function unchangedPlan(
  bounds: readonly RankBound[],
  counts: readonly number[],
): Omit<CalibrationPlan, "ranks"> {
  return {
    changes: 0,
    steps: 0,
    promotionSteps: 0,
    promotions: 0,
    shortfall: totalShortfall(bounds, counts),
  };
}

/**
 * The search both planners share: every vertex of the feasible region of cumulative counts,
 * ordered by shortfall, steps, upward steps, then more members kept in better grades; among the
 * targets tied on the first three, the assignment (built by `build` from the current cumulative
 * counts A and the target N) that changes the fewest members.
 */
function searchPlan<P extends { changes: number }>(
  counts: readonly number[],
  bounds: readonly RankBound[],
  gradeCount: number,
  build: (A: readonly number[], N: readonly number[]) => P,
): (P & Omit<CalibrationPlan, "ranks" | "changes" | "promotions">) | undefined {
  const n = counts.reduce((s, c) => s + c, 0);
  const A: number[] = [0];
  for (let q = 1; q <= gradeCount; q += 1) A.push((A[q - 1] ?? 0) + (counts[q - 1] ?? 0));
  const anchors = A.map((a, q) => (q === 0 ? 0 : q === gradeCount ? n : a));
  const edges: Edge[] = [];
  for (let q = 0; q < gradeCount; q += 1) edges.push({ a: q, b: q + 1, off: 0 });
  for (const b of bounds) edges.push({ a: b.lo, b: b.hi + 1, off: b.count });
  const candidates = candidateValues(gradeCount, n, anchors, edges);

  const targets: Target[] = [];
  const N: number[] = new Array<number>(gradeCount + 1).fill(0);
  N[gradeCount] = n;
  const visit = (q: number): void => {
    if (q === gradeCount) {
      const c = Array.from({ length: gradeCount }, (_, r) => (N[r + 1] ?? 0) - (N[r] ?? 0));
      let steps = 0;
      let upSteps = 0;
      for (let p = 1; p < gradeCount; p += 1) {
        const d = (N[p] ?? 0) - (A[p] ?? 0);
        steps += Math.abs(d);
        if (d > 0) upSteps += d;
      }
      targets.push({ N: [...N], shortfall: totalShortfall(bounds, c), steps, upSteps });
      return;
    }
    for (const v of candidates[q - 1] ?? []) {
      if (v < (N[q - 1] ?? 0)) continue;
      N[q] = v;
      visit(q + 1);
    }
  };
  visit(1);
  targets.sort(
    (x, y) => x.shortfall - y.shortfall || x.steps - y.steps || x.upSteps - y.upSteps || lexDesc(x.N, y.N),
  );

  let best: (P & Omit<CalibrationPlan, "ranks" | "changes" | "promotions">) | undefined;
  for (const target of targets) {
    if (
      best &&
      (target.shortfall !== best.shortfall ||
        target.steps !== best.steps ||
        target.upSteps !== best.promotionSteps)
    )
      break;
    const plan = build(A, target.N);
    if (!best || plan.changes < best.changes) {
      best = { ...plan, steps: target.steps, promotionSteps: target.upSteps, shortfall: target.shortfall };
    }
  }
  // N = A (no change) is always among the targets, so `best` is always set.
  return best;
}

function lexDesc(x: readonly number[], y: readonly number[]): number {
  for (let q = 0; q < x.length; q += 1) {
    const d = (y[q] ?? 0) - (x[q] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The evidence of `n` members as ordinals, and the members in evidence order. The evidence is
 * compared lexicographically, as {@link compareKeys} does: `major` (small integers below `span`),
 * then `middle` (any number but NaN; -0 and 0 are one value), then `minor` (below `span`).
 * Members with equal evidence get the same ordinal, stronger evidence a larger one; `order` lists
 * the members by ordinal, then by index. Two native sorts of typed arrays, no comparator call and
 * no object per member; `middle` is overwritten with the ordinals (and returned as `evidence`).
 * @internal
 */
export function compactEvidence(
  major: Uint8Array,
  middle: Float64Array,
  minor: Uint8Array,
  span: number,
): { evidence: Float64Array; order: Uint32Array } {
  const n = middle.length;
  // Dense rank of `middle`: its distinct values sorted, then a binary search per member.
  const scratch = Float64Array.from(middle).sort();
  let distinct = 0;
  for (let k = 0; k < n; k += 1) {
    const v = scratch[k] as number;
    if (distinct === 0 || v !== scratch[distinct - 1]) scratch[distinct++] = v;
  }
  const evidence = middle;
  for (let i = 0; i < n; i += 1) {
    const v = middle[i] as number;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((scratch[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    evidence[i] = ((major[i] as number) * distinct + lo) * span + (minor[i] as number);
  }
  // The order: (ordinal, index) packed into one number when it fits in 53 bits (the ordinal is
  // below span² × n: up to ≈ 5.9 million members with span 16), else a comparator sort.
  const order = new Uint32Array(n);
  if (span * span * Math.max(distinct, 1) * n <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i += 1) scratch[i] = (evidence[i] as number) * n + i;
    scratch.sort();
    for (let k = 0; k < n; k += 1) order[k] = (scratch[k] as number) % n;
    return { evidence, order };
  }
  for (let i = 0; i < n; i += 1) order[i] = i;
  order.sort((a, b) => (evidence[a] as number) - (evidence[b] as number) || a - b);
  return { evidence, order };
}

/**
 * A pool in compact form: per member its grade rank and evidence ordinal, and the members
 * ordered by evidence (see {@link compactEvidence}).
 * @internal
 */
export interface CompactPool {
  /** Current grade rank per member (0 = best). */
  ranks: Uint8Array;
  /** Evidence ordinal per member: equal evidence, equal number; higher is stronger. */
  evidence: Float64Array;
  /** Member indexes by evidence ascending, then index ascending. */
  order: Uint32Array;
}

/** {@link CalibrationPlan} over a compact pool: the proposed ranks in a typed array. @internal */
export interface CompactCalibrationPlan extends Omit<CalibrationPlan, "ranks"> {
  /** Proposed rank per member, in the members' order. */
  ranks: Uint8Array;
}

/**
 * {@link planCalibration} over a compact pool, with the same result: the same targets, and the
 * same members chosen at each grade boundary (weakest evidence first when moving down, strongest
 * first when moving up; among equal evidence, members already moved across the previous boundary
 * first, then by their grade, then by index). Members are walked in evidence order and only the
 * group of equal evidence cut by the head count is sorted, so no per-member objects are made.
 * @internal
 */
export function planCompactCalibration(
  pool: CompactPool,
  bounds: readonly RankBound[],
  gradeCount: number,
): CompactCalibrationPlan {
  const { ranks } = pool;
  const n = ranks.length;
  const counts = new Array<number>(gradeCount).fill(0);
  for (let i = 0; i < n; i += 1) counts[ranks[i] as number] = (counts[ranks[i] as number] ?? 0) + 1;
  const best = searchPlan(counts, bounds, gradeCount, (A, N) => {
    const proposed = assignCompact(pool, A, N, gradeCount);
    const changed = changeCounts(
      n,
      (i) => ranks[i] as number,
      (i) => proposed[i] as number,
    );
    return { ranks: proposed, ...changed };
  });
  return best ?? { ...unchangedPlan(bounds, counts), ranks: Uint8Array.from(ranks) };
}

/**
 * {@link assign} over a compact pool. At each boundary the pool is the members moved across the
 * previous boundary plus one grade; walking the evidence order, whole groups of equal evidence
 * are taken while they fit, and only the group cut by the head count is sorted.
 */
function assignCompact(
  pool: CompactPool,
  A: readonly number[],
  N: readonly number[],
  gradeCount: number,
): Uint8Array {
  const { ranks, evidence, order } = pool;
  const n = ranks.length;
  const shift = new Int8Array(n);
  const demoted = new Uint8Array(n);
  let previous = new Uint8Array(n);
  let next = new Uint8Array(n);
  let hasPrevious = false;
  // The pool at a boundary: the members moved across the previous one, and those of grade `grade`
  // (not demoted, when moving up).
  let grade = 0;
  let skipDemoted = false;
  const inPool = (i: number): boolean =>
    previous[i] === 1 || (ranks[i] === grade && !(skipDemoted && demoted[i] === 1));
  // Takes `k` members of the pool walking the evidence order up (ascending = false: from the
  // strongest), marking them in `next`; `tieRank` orders a cut group by grade (-1: worse first).
  const take = (k: number, ascending: boolean, tieRank: 1 | -1): void => {
    next.fill(0);
    let taken = 0;
    let at = ascending ? 0 : n - 1;
    const step = ascending ? 1 : -1;
    while (taken < k && at >= 0 && at < n) {
      const e = evidence[order[at] as number] as number;
      let end = at;
      let size = 0;
      while (end >= 0 && end < n && evidence[order[end] as number] === e) {
        if (inPool(order[end] as number)) size += 1;
        end += step;
      }
      if (taken + size <= k) {
        for (let p = at; p !== end; p += step) {
          const i = order[p] as number;
          if (inPool(i)) next[i] = 1;
        }
        taken += size;
      } else {
        const group: number[] = [];
        for (let p = at; p !== end; p += step) {
          const i = order[p] as number;
          if (inPool(i)) group.push(i);
        }
        group.sort(
          (x, y) =>
            (previous[y] as number) - (previous[x] as number) ||
            tieRank * ((ranks[x] as number) - (ranks[y] as number)) ||
            x - y,
        );
        for (const i of group.slice(0, k - taken)) next[i] = 1;
        taken = k;
      }
      at = end;
    }
  };
  for (let q = 1; q < gradeCount; q += 1) {
    const d = (N[q] ?? 0) - (A[q] ?? 0);
    if (d >= 0) {
      if (hasPrevious) previous.fill(0);
      hasPrevious = false;
      continue;
    }
    grade = q - 1;
    skipDemoted = false;
    take(-d, true, -1);
    for (let i = 0; i < n; i += 1) {
      if (next[i] === 1) {
        shift[i] = (shift[i] as number) + 1;
        demoted[i] = 1;
      }
    }
    [previous, next] = [next, previous];
    hasPrevious = true;
  }
  if (hasPrevious) previous.fill(0);
  hasPrevious = false;
  for (let q = gradeCount - 1; q >= 1; q -= 1) {
    const d = (N[q] ?? 0) - (A[q] ?? 0);
    if (d <= 0) {
      if (hasPrevious) previous.fill(0);
      hasPrevious = false;
      continue;
    }
    grade = q;
    skipDemoted = true;
    take(d, false, 1);
    for (let i = 0; i < n; i += 1) if (next[i] === 1) shift[i] = (shift[i] as number) - 1;
    [previous, next] = [next, previous];
    hasPrevious = true;
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) out[i] = (ranks[i] as number) + (shift[i] as number);
  return out;
}

/**
 * The members a plan moves (`index`), ordered by current grade, then proposed grade, then
 * strongest evidence first, then index; and, for each, the members of equal grade and evidence
 * that end in another grade (`tied`: any of them may be chosen). One walk over the evidence
 * order with a small count table per group of equal evidence; two typed arrays, no object per
 * change.
 * @internal
 */
export function proposedChanges(
  pool: CompactPool,
  proposed: Uint8Array,
  gradeCount: number,
): { index: Uint32Array; tied: Int32Array } {
  const { ranks, evidence, order } = pool;
  const n = ranks.length;
  // Where each (from, to) pair's changes start in the output.
  const offsets = new Int32Array(gradeCount * gradeCount + 1);
  for (let i = 0; i < n; i += 1) {
    const from = ranks[i] as number;
    const to = proposed[i] as number;
    if (from !== to)
      offsets[from * gradeCount + to + 1] = (offsets[from * gradeCount + to + 1] as number) + 1;
  }
  for (let b = 1; b < offsets.length; b += 1) {
    offsets[b] = (offsets[b] as number) + (offsets[b - 1] as number);
  }
  const total = offsets[offsets.length - 1] as number;
  const index = new Uint32Array(total);
  const tied = new Int32Array(total);
  const ends = new Int32Array(gradeCount * gradeCount);
  const totals = new Int32Array(gradeCount);
  let end = n;
  while (end > 0) {
    // The group of equal evidence order[start..end), strongest first, walked by index ascending.
    const e = evidence[order[end - 1] as number];
    let start = end - 1;
    while (start > 0 && evidence[order[start - 1] as number] === e) start -= 1;
    let moved = false;
    for (let p = start; p < end; p += 1) {
      const i = order[p] as number;
      const from = ranks[i] as number;
      const to = proposed[i] as number;
      ends[from * gradeCount + to] = (ends[from * gradeCount + to] as number) + 1;
      totals[from] = (totals[from] as number) + 1;
      if (from !== to) moved = true;
    }
    for (let p = start; p < end; p += 1) {
      const i = order[p] as number;
      const from = ranks[i] as number;
      const to = proposed[i] as number;
      const pair = from * gradeCount + to;
      if (moved && from !== to) {
        const at = offsets[pair] as number;
        index[at] = i;
        tied[at] = (totals[from] as number) - (ends[pair] as number);
        offsets[pair] = at + 1;
      }
    }
    for (let p = start; p < end; p += 1) {
      const i = order[p] as number;
      const from = ranks[i] as number;
      ends[from * gradeCount + (proposed[i] as number)] = 0;
      totals[from] = 0;
    }
    end = start;
  }
  return { index, tied };
}
