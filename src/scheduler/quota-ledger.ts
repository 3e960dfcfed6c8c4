/**
 * Quota admission with cohort borrowing and lending (Kueue's model, two levels: cohort, then the
 * national root). Per class, a queue q with usage u, nominal N, borrowing limit B and lending limit
 * L lends idle(q) = min(L, max(0, N - u)) and borrows over(q) = max(0, u - N). A cohort's net
 * position is the sum over its queues; a cohort whose borrowing exceeds what its own queues lend
 * borrows the rest from the root, which holds what the other cohorts lend. Admission is O(1): all
 * sums are kept incrementally, and the cycle's checks go by dense queue and class numbers
 * (queueIndex, classIndex) to one record per (queue, class), with no hashing of ids per check.
 */
import type { ClassQuota, QueueSnapshot } from "./types.js";
import { waitText } from "./waiting-reason-text.js";
import type { WaitText } from "./waiting-reason-text.js";

const NO_QUOTA: ClassQuota = Object.freeze({ nominal: 0, borrowingLimit: 0, lendingLimit: 0 });

interface CohortClass {
  lend: number;
  borrow: number;
}

interface RootClass {
  excess: number;
  spare: number;
}

/** Why admission was refused: a code, the clauses and their English (shared while the figures hold). */
export interface QuotaRefusal extends WaitText {
  readonly code: "quota" | "cohort-lending";
}

/**
 * One queue's usage of one class, and the refusals already given: blocked workloads of a queue
 * mostly repeat a few refusals (one per amount asked), which are then reused rather than built and
 * formatted again, for as long as the figures their clauses name are unchanged.
 */
interface QueueClass {
  usage: number;
  /** "No quota for this class": its text names only the queue and the class. */
  noQuota: QuotaRefusal | undefined;
  /** "At its quota" refusals by accelerators asked, valid for `atQuotaOf` and `atQuotaUsage`. */
  atQuota: Map<number, QuotaRefusal> | undefined;
  atQuotaOf: ClassQuota | undefined;
  atQuotaUsage: number;
  /** "Cohort cannot lend" refusals by accelerators borrowed, valid for the quota, idle and cohort named. */
  lending: Map<number, QuotaRefusal> | undefined;
  lendingOf: ClassQuota | undefined;
  lendingIdle: number;
  lendingCohort: string;
  /** The cohort and root sums of this class, cached with the cohort they belong to. */
  cohortOf: string | undefined;
  cc: CohortClass | undefined;
  root: RootClass | undefined;
  /** The queue's quota for the class, cached with the snapshot it was read from. */
  quotaOf: QueueSnapshot | undefined;
  quota: ClassQuota | undefined;
}

/** Usage per queue and class, with cohort and root sums. */
export class QuotaLedger {
  readonly #queues: ReadonlyMap<string, QueueSnapshot>;
  /** Dense numbers of queue ids and class names, and the records by [queue][class]. */
  readonly #queueIndex = new Map<string, number>();
  readonly #queueNames: string[] = [];
  readonly #classIndex = new Map<string, number>();
  readonly #classNames: string[] = [];
  readonly #recs: (QueueClass | undefined)[][] = [];
  /** The current snapshot of each queue by number (see track). */
  readonly #snaps: (QueueSnapshot | undefined)[] = [];
  /** "Queue does not exist" refusals by queue number: its clause names only the queue. */
  readonly #missing: (QuotaRefusal | undefined)[] = [];
  readonly #cohorts = new Map<string, Map<string, CohortClass>>();
  readonly #root = new Map<string, RootClass>();

  constructor(queues: ReadonlyMap<string, QueueSnapshot>) {
    this.#queues = queues;
  }

  /** The dense number of a queue id (assigned on first use; the queue need not exist). */
  queueIndex(queue: string): number {
    let i = this.#queueIndex.get(queue);
    if (i === undefined) {
      i = this.#queueNames.push(queue) - 1;
      this.#queueIndex.set(queue, i);
      this.#recs.push([]);
      this.#snaps.push(this.#queues.get(queue));
    }
    return i;
  }

  /** Takes note of a queue's snapshot, new or replaced (quotas and cohort are read from it). */
  track(q: QueueSnapshot): void {
    this.#snaps[this.queueIndex(q.id)] = q;
  }

  /** The dense number of an accelerator class (assigned on first use). */
  classIndex(cls: string): number {
    let i = this.#classIndex.get(cls);
    if (i === undefined) {
      i = this.#classNames.push(cls) - 1;
      this.#classIndex.set(cls, i);
    }
    return i;
  }

  /** Accelerators of `cls` the queue holds. */
  usage(queue: string, cls: string): number {
    return this.#record(this.queueIndex(queue), this.classIndex(cls)).usage;
  }

  /** The queue's quota for a class; undefined when the queue is not quota-limited. */
  quota(queue: string, cls: string): ClassQuota | undefined {
    const q = this.#queues.get(queue);
    if (!q?.quotas) return undefined;
    return q.quotas[cls] ?? NO_QUOTA;
  }

  /** Whether `n` more accelerators of `cls` may be admitted for the queue; undefined means yes. */
  refusal(queue: string, cls: string, n: number): QuotaRefusal | undefined {
    return this.refusalAt(this.queueIndex(queue), this.classIndex(cls), n);
  }

  /** refusal() by queue and class number. */
  refusalAt(qi: number, ci: number, n: number): QuotaRefusal | undefined {
    const queue = this.#queueNames[qi]!;
    const q = this.#snaps[qi];
    if (!q) return (this.#missing[qi] ??= { code: "quota", ...waitText([{ key: "queue-missing", params: { queue } }]) });
    if (!q.quotas) return undefined;
    const cls = this.#classNames[ci]!;
    const rec = this.#record(qi, ci);
    const quota = quotaOf(rec, q, cls);
    const u = rec.usage;
    if (!quota) return (rec.noQuota ??= { code: "quota", ...waitText([{ key: "quota-none", params: { project: queue, acceleratorClass: cls } }]) });
    if (u + n > quota.nominal + quota.borrowingLimit) {
      if (rec.atQuota === undefined || rec.atQuotaOf !== quota || rec.atQuotaUsage !== u) {
        if (rec.atQuota === undefined) rec.atQuota = new Map();
        else rec.atQuota.clear();
        rec.atQuotaOf = quota;
        rec.atQuotaUsage = u;
      }
      let refusal = rec.atQuota.get(n);
      if (refusal === undefined) {
        const params = { project: queue, acceleratorClass: cls, inUse: u, asked: n, nominal: quota.nominal, borrowable: quota.borrowingLimit };
        rec.atQuota.set(n, (refusal = { code: "quota", ...waitText([{ key: "quota-full", params }]) }));
      }
      return refusal;
    }
    const overBefore = Math.max(0, u - quota.nominal);
    const overAfter = Math.max(0, u + n - quota.nominal);
    if (overAfter === overBefore) return undefined;
    this.#linkSums(rec, q, cls);
    const root = rec.root!;
    const cc = rec.cc!;
    const lend = cc.lend + lendOf(quota, u + n) - lendOf(quota, u);
    const borrow = cc.borrow + overAfter - overBefore;
    const excess = root.excess - Math.max(0, cc.borrow - cc.lend) + Math.max(0, borrow - lend);
    const spare = root.spare - Math.max(0, cc.lend - cc.borrow) + Math.max(0, lend - borrow);
    if (excess <= spare) return undefined;
    const idle = Math.max(0, root.spare - root.excess);
    const more = overAfter - overBefore;
    if (rec.lending === undefined || rec.lendingOf !== quota || rec.lendingIdle !== idle || rec.lendingCohort !== q.cohort) {
      if (rec.lending === undefined) rec.lending = new Map();
      else rec.lending.clear();
      rec.lendingOf = quota;
      rec.lendingIdle = idle;
      rec.lendingCohort = q.cohort;
    }
    let refusal = rec.lending.get(more);
    if (refusal === undefined) {
      const params = { project: queue, acceleratorClass: cls, borrow: more, nominal: quota.nominal, cohort: q.cohort, idle };
      rec.lending.set(more, (refusal = { code: "cohort-lending", ...waitText([{ key: "cohort-lending", params }]) }));
    }
    return refusal;
  }

  /** Records `delta` accelerators of `cls` taken (> 0) or returned (< 0) by the queue. */
  add(queue: string, cls: string, delta: number): void {
    this.addAt(this.queueIndex(queue), this.classIndex(cls), delta);
  }

  /** add() by queue and class number. */
  addAt(qi: number, ci: number, delta: number): void {
    const rec = this.#record(qi, ci);
    const u = rec.usage;
    rec.usage = u + delta;
    const q = this.#snaps[qi];
    if (!q?.quotas) return;
    const cls = this.#classNames[ci]!;
    const quota = quotaOf(rec, q, cls) ?? NO_QUOTA;
    this.#linkSums(rec, q, cls);
    const cc = rec.cc!;
    const root = rec.root!;
    detach(cc, root);
    cc.lend += lendOf(quota, u + delta) - lendOf(quota, u);
    cc.borrow += borrowOf(quota, u + delta) - borrowOf(quota, u);
    attach(cc, root);
  }

  /** Points the record at its cohort's and root's sums for the queue's current cohort. */
  #linkSums(rec: QueueClass, q: QueueSnapshot, cls: string): void {
    if (rec.cohortOf !== q.cohort || !rec.cc || !rec.root) {
      rec.cohortOf = q.cohort;
      rec.cc = this.#cohortOf(q.cohort, cls);
      rec.root = this.#rootOf(cls);
    }
  }

  /** Registers a queue's idle lending before any usage (call once per quota-limited queue). */
  registerQueue(q: QueueSnapshot): void {
    if (!q.quotas) return;
    for (const [cls, quota] of Object.entries(q.quotas)) {
      const cc = this.#cohortOf(q.cohort, cls);
      const root = this.#rootOf(cls);
      detach(cc, root);
      cc.lend += lendOf(quota, 0);
      attach(cc, root);
    }
  }

  #record(qi: number, ci: number): QueueClass {
    const byClass = this.#recs[qi]!;
    let rec = byClass[ci];
    if (rec === undefined) {
      rec = {
        usage: 0,
        noQuota: undefined,
        atQuota: undefined,
        atQuotaOf: undefined,
        atQuotaUsage: 0,
        lending: undefined,
        lendingOf: undefined,
        lendingIdle: 0,
        lendingCohort: "",
        cohortOf: undefined,
        cc: undefined,
        root: undefined,
        quotaOf: undefined,
        quota: undefined,
      };
      // Filled in order, so the array stays packed.
      while (byClass.length < ci) byClass.push(undefined);
      byClass[ci] = rec;
    }
    return rec;
  }

  #cohortOf(cohort: string, cls: string): CohortClass {
    let m = this.#cohorts.get(cohort);
    if (!m) this.#cohorts.set(cohort, (m = new Map()));
    let c = m.get(cls);
    if (!c) m.set(cls, (c = { lend: 0, borrow: 0 }));
    return c;
  }

  #rootOf(cls: string): RootClass {
    let r = this.#root.get(cls);
    if (!r) this.#root.set(cls, (r = { excess: 0, spare: 0 }));
    return r;
  }
}

/** What a queue using `u` lends: min(L, max(0, N - u)). */
function lendOf(quota: ClassQuota, u: number): number {
  return Math.min(quota.lendingLimit, Math.max(0, quota.nominal - u));
}

/** What a queue using `u` borrows: max(0, u - N). */
function borrowOf(quota: ClassQuota, u: number): number {
  return Math.max(0, u - quota.nominal);
}

/** The queue's quota of a class, read again only when the queue's snapshot changed. */
function quotaOf(rec: QueueClass, q: QueueSnapshot, cls: string): ClassQuota | undefined {
  if (rec.quotaOf !== q) {
    rec.quotaOf = q;
    rec.quota = q.quotas?.[cls];
  }
  return rec.quota;
}

/** Takes a cohort's net lending or borrowing out of its root's sums, before the cohort changes. */
function detach(cc: CohortClass, root: RootClass): void {
  root.excess -= Math.max(0, cc.borrow - cc.lend);
  root.spare -= Math.max(0, cc.lend - cc.borrow);
}

/** Puts a cohort's net lending or borrowing back into its root's sums, after it changed. */
function attach(cc: CohortClass, root: RootClass): void {
  root.excess += Math.max(0, cc.borrow - cc.lend);
  root.spare += Math.max(0, cc.lend - cc.borrow);
}
