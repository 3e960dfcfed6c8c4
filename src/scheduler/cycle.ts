/**
 * One scheduling cycle over a SchedulerState: admission, placement, reservations, backfill and
 * preemption, each with the reason a person reads when a workload keeps waiting. The algorithms and
 * their costs are described at the top of scheduler-state.ts.
 */
import { bestCounts, bestFreeOnNode, findPlacement, fitsWithLifts } from "./placement.js";
import type { LiftView, NodeChoice } from "./placement.js";
import type { QuotaRefusal } from "./quota-ledger.js";
import { preempt } from "./preemption.js";
import { admitted, targetName } from "./request-plan.js";
import type { Admitted, Candidate, RequestPlan } from "./request-plan.js";
import { DONE } from "./running-table.js";
import type { Hold } from "./reservations.js";
import type { Failure, SchedulerState } from "./scheduler-state.js";
import type { Decisions, PendingWorkload, Placement, Preemption, TargetName, WaitClause, WaitCode, WaitingReason } from "./types.js";
import { VirtualFree } from "./virtual-free.js";
import { followedBy, waitText } from "./waiting-reason-text.js";
import type { WaitText } from "./waiting-reason-text.js";

/** Rows of the pending book in policy order; `placed` lets a fair-share order re-rank the queue. */
export type VisitOrder = Iterable<number> & { placed?: () => void };

/** Quota refused for every class of a request that names none (no refusal to quote). */
const NO_QUOTA: WaitText = waitText([{ key: "quota-unavailable", params: {} }]);

/** A duration in the whole seconds waiting-reason clauses carry. */
const wholeSeconds = (s: number): number => Math.max(0, Math.round(s));

/** Backfill probes on held capacity per cycle, bounding what they cost (each counts the held nodes of its partitions). */
const MAX_HOLD_PROBES = 256;

/** Flags of a failed backfill probe: on usable holds (ending before them), on blocking ones. */
const USABLE_FAILED = 1;
const BLOCKING_FAILED = 2;

/** A single cycle; create, `visit`, optionally `preempt`, then read `decisions`. */
export class Cycle {
  readonly #s: SchedulerState;
  readonly #now: number;
  readonly #placements: Placement[] = [];
  readonly #preemptions: Preemption[] = [];
  /**
   * Reasons in visit order, the first #waitingCount of them: allocated for as many as the order
   * has visits (each visit leaves at most one), so 80,000 reasons are not appended to an array
   * copied a dozen times as it grows; trimmed by decisions().
   */
  #waiting: WaitingReason[] = [];
  #waitingCount = 0;
  /**
   * Position in #waiting of workloads a later visit of the same order may reach again (only kept
   * for orders with repeats, see visit()).
   */
  readonly #waitingAt = new Map<string, number>();
  /**
   * Workloads blocked by capacity or topology, in visit order, for preemption: the entry, its
   * candidates and the position of its reason in #waiting (parallel arrays, no object each).
   */
  readonly #blocked: number[] = [];
  readonly #blockedCandidates: (readonly Candidate[])[] = [];
  readonly #blockedAt: number[] = [];
  /** The pending rows holding a reservation (a few): compared by number, no id lookup. */
  readonly #holders: number[] = [];
  #reservations: number;
  #holdProbes = 0;
  /** Backfill probes that found nothing, per plan, valid while the holds' version is unchanged. */
  readonly #probes = new Map<RequestPlan, { version: number; failed: Map<number, number> }>();
  #anyBlocked = false;
  /** The holds on a partition that a what-if release counts (see fitsWithLifts). */
  readonly #liftsIn = (partition: number): readonly Hold[] => this.#s.reservations.liftsIn(partition);
  /**
   * Reasons shared by the workloads they apply to, for this cycle (the figures they name hold for
   * it): invalid shapes by total and per-node count, "behind a reservation" by the hold and time
   * limit, "not reserved" by the failure it follows (valid while its partition's wanted total is).
   */
  readonly #invalid = new Map<number, Map<number, WaitText>>();
  readonly #behind = new Map<Hold, Map<number, Failure>>();
  readonly #budgetNotes = new Map<Failure, { wanted: number; text: WaitText }>();
  /** Set while visiting an order without repeats: see visit(). */
  #fresh = false;

  constructor(state: SchedulerState, now: number) {
    this.#s = state;
    this.#now = now;
    const ids = state.reservations.holders();
    this.#reservations = ids.length;
    for (const id of ids) {
      const r = state.pending.row(id);
      if (r !== undefined) this.#holders.push(r);
    }
  }

  /**
   * Visits `order`, of at most `size` visits. `unique`: no workload occurs twice in it, so a
   * workload has no waiting entry yet when visited and the lookup of one to replace is skipped.
   */
  visit(order: VisitOrder, size: number, lean: boolean, unique = false): void {
    this.#fresh = unique;
    if (this.#waitingCount === 0) this.#waiting = new Array<WaitingReason>(size);
    let stoppedBy: PendingWorkload | undefined;
    // One reason for every workload behind the same blocked head.
    let behind: WaitText | undefined;
    const book = this.#s.pending;
    for (const r of order) {
      if (book.live[r] !== 1) continue;
      if (stoppedBy) {
        if (lean) break;
        behind ??= waitText([{ key: "fifo-order", params: { workload: stoppedBy.id } }]);
        this.#wait(book.id[r]!, "fifo-order", behind);
        continue;
      }
      if (this.#tryOne(r)) order.placed?.();
      else if (!this.#s.policy.backfill) stoppedBy = book.w[r];
    }
    this.#fresh = false;
  }

  decisions(): Decisions {
    this.#waiting.length = this.#waitingCount;
    return { placements: this.#placements, preemptions: this.#preemptions, waiting: this.#waiting };
  }

  #tryOne(r: number): boolean {
    const s = this.#s;
    const book = s.pending;
    const id = book.id[r]!;
    const n = book.n[r]!;
    const pn = book.perNode[r]!;
    if (!Number.isInteger(n) || n <= 0 || (!Number.isNaN(pn) && (pn <= 0 || n % pn !== 0))) {
      this.#wait(id, "invalid", this.#invalidShape(n, pn));
      return false;
    }
    // A reservation kept from an earlier cycle is this workload's own capacity (see #visitHolder).
    const holding = this.#holders.length > 0 && this.#dropHolder(r);
    const plan = s.plan(r);
    if (plan.neverFits) {
      if (holding) s.reservations.drop(id);
      this.#wait(id, "never-fits", plan.neverFits);
      return false;
    }
    // Quota admission, per accelerator class the request could land on (usually one).
    let mask = 0;
    let refusal: QuotaRefusal | undefined;
    for (let c = 0; c < plan.classIds.length; c++) {
      const no = s.ledger.refusalAt(book.qi[r]!, plan.classIds[c]!, n);
      if (no === undefined) mask |= 1 << c;
      else refusal ??= no;
    }
    if (mask === 0) {
      if (holding) s.reservations.drop(id);
      this.#wait(id, refusal?.code ?? "quota", refusal ?? NO_QUOTA);
      return false;
    }
    const admits = admitted(plan, mask);
    const candidates = admits.candidates;
    const allowSpan = this.#now - book.at[r]! >= s.policy.podWaitSeconds;
    if (holding) return this.#visitHolder(r, admits, allowSpan);
    const key = mask * 2 + (allowSpan ? 1 : 0);
    if (plan.failedIn !== this) {
      plan.failedIn = this;
      plan.failures.length = 0;
    }
    let failure = plan.failures[key];
    if (!failure) {
      const choice = findPlacement(s.index, admits, allowSpan);
      if (choice) {
        this.#commit(r, choice, this.#anyBlocked);
        return true;
      }
      failure = this.#explain(candidates, n, targetName(book.w[r]!.request), allowSpan);
      while (plan.failures.length < key) plan.failures.push(undefined);
      plan.failures[key] = failure;
    }
    // Backfill into held capacity when the time limit ends before the reservation starts.
    const holds = s.reservations.holds;
    if (failure.capacity && holds.length > 0 && s.policy.backfill && this.#holdProbes < MAX_HOLD_PROBES) {
      this.#holdProbes++;
      const end = this.#now + book.limit[r]!;
      // Usable holds are those whose reservation starts after `end`: an upper set in start order,
      // so its size names it. With the holds unchanged, a probe that found nothing finds nothing
      // again for the same shape (capacity only shrinks within a cycle), so it is remembered. The
      // size is counted from the few reservations' start times, so a known failure costs no walk
      // over the holds; a probe that runs counts nodes on the counters and the holds of its
      // partitions, and releases holds (a large gang's reservation holds hundreds) only to place.
      const usableCount = s.reservations.countStartingFrom(end);
      const probe = (usableCount * 65_536 + mask) * 2 + (allowSpan ? 1 : 0);
      const known = this.#probeFailures(plan, probe);
      if (usableCount > 0 && (known & USABLE_FAILED) === 0) {
        // Counted first: most probes find no room, and only one that does is worth the release.
        if (!fitsWithLifts(s.index, admits, allowSpan, { in: this.#liftsIn, counts: (h) => h.shadow >= end })) this.#probeFailed(plan, probe, USABLE_FAILED);
        else {
          const usable = holds.filter((h) => h.shadow >= end);
          for (const h of usable) s.index.release(h.node, h.amount);
          const choice = findPlacement(s.index, admits, allowSpan);
          if (choice) this.#commit(r, choice, true);
          this.#reapply(usable);
          if (choice) return true;
        }
      }
      // Would it fit but for the reservations starting before its time limit ends? Then that is
      // its reason, and it takes no reservation of its own.
      if (usableCount < holds.length && (known & BLOCKING_FAILED) === 0) {
        if (!fitsWithLifts(s.index, admits, allowSpan, { in: this.#liftsIn, counts: (h) => h.shadow < end })) this.#probeFailed(plan, probe, BLOCKING_FAILED);
        else failure = this.#behindReservation(s.reservations.firstToStart()!, book.limit[r]!);
      }
    }
    this.#anyBlocked = true;
    if (failure.capacity && failure.code !== "behind-reservation" && this.#reservations < s.policy.reservations) {
      const open = this.#withinBudget(candidates);
      if (open.length === 0) {
        const at = this.#wait(id, failure.code, this.#overBudget(failure, candidates[0]!));
        this.#block(r, candidates, at);
        return false;
      }
      const shadow = this.#reserve(book.w[r]!, open);
      if (shadow !== undefined) {
        this.#reservations++;
        this.#holders.push(r);
        const at = this.#wait(id, "reserved", this.#reserved(failure, shadow), shadow);
        this.#block(r, candidates, at);
        return false;
      }
    }
    const at = this.#wait(id, failure.code, failure);
    if (failure.capacity) this.#block(r, candidates, at);
    return false;
  }

  /**
   * A workload holding a reservation starts if its own held capacity plus what is free lets it.
   * That is counted first, so a blocked holder's hundreds of holds are not released and taken
   * back at every visit; if it stays blocked, its reservation stays in force, topped up with what
   * has been freed since, and its reason counts its held capacity as its own.
   */
  #visitHolder(r: number, admits: Admitted, allowSpan: boolean): boolean {
    const s = this.#s;
    const id = s.pending.id[r]!;
    const own: LiftView<Hold> = { in: this.#liftsIn, counts: (h) => h.workload === id };
    if (fitsWithLifts(s.index, admits, allowSpan, own)) {
      const dropped = s.reservations.drop(id);
      const choice = findPlacement(s.index, admits, allowSpan);
      if (choice) {
        this.#commit(r, choice, this.#anyBlocked);
        return true;
      }
      // Not reached while fitsWithLifts agrees with findPlacement; if it did not, hold again.
      for (const h of dropped) s.reservations.hold({ ...h, amount: Math.min(h.want, s.index.free[h.node] ?? 0) });
    }
    const failure = this.#explain(admits.candidates, s.pending.n[r]!, targetName(s.pending.w[r]!.request), allowSpan, own);
    const shadow = s.reservations.topUp(id);
    this.#holders.push(r);
    this.#anyBlocked = true;
    const at = this.#wait(id, "reserved", this.#reserved(failure, shadow), shadow);
    this.#block(r, admits.candidates, at);
    return false;
  }

  /** Why a request of `n` accelerators at `pn` per node (NaN: unset) is not a whole number of nodes. */
  #invalidShape(n: number, pn: number): WaitText {
    let byPerNode = this.#invalid.get(n);
    if (byPerNode === undefined) this.#invalid.set(n, (byPerNode = new Map()));
    let text = byPerNode.get(pn);
    if (text === undefined) byPerNode.set(pn, (text = waitText([{ key: "invalid-shape", params: { accelerators: n, perNode: Number.isNaN(pn) ? null : pn } }])));
    return text;
  }

  /** A capacity failure followed by the reservation that will start it at `shadow`. */
  #reserved(failure: Failure, shadow: number): WaitText {
    return followedBy(failure, { key: "reserved", params: { withinSeconds: wholeSeconds(shadow - this.#now) } });
  }

  /** Fits now but would run past the start of reservation `first` (shared by time limit). */
  #behindReservation(first: Hold, limit: number): Failure {
    let byLimit = this.#behind.get(first);
    if (byLimit === undefined) this.#behind.set(first, (byLimit = new Map()));
    let failure = byLimit.get(limit);
    if (failure === undefined) {
      const t = waitText([{ key: "behind-reservation", params: { timeLimitSeconds: limit, workload: first.workload, startsInSeconds: wholeSeconds(first.shadow - this.#now) } }]);
      byLimit.set(limit, (failure = { code: "behind-reservation", reason: t.reason, clauses: t.clauses, capacity: true }));
    }
    return failure;
  }

  /** What backfill probes of a shape found impossible while the holds stayed as they are. */
  #probeFailures(plan: RequestPlan, probe: number): number {
    const m = this.#probes.get(plan);
    if (m === undefined || m.version !== this.#s.reservations.version) return 0;
    return m.failed.get(probe) ?? 0;
  }

  #probeFailed(plan: RequestPlan, probe: number, flag: number): void {
    let m = this.#probes.get(plan);
    if (m === undefined || m.version !== this.#s.reservations.version) this.#probes.set(plan, (m = { version: this.#s.reservations.version, failed: new Map() }));
    m.failed.set(probe, (m.failed.get(probe) ?? 0) | flag);
  }

  /** Whether row `r` holds a reservation; if so it is forgotten here (the visit then keeps or drops its holds). */
  #dropHolder(r: number): boolean {
    const i = this.#holders.indexOf(r);
    if (i < 0) return false;
    this.#holders.splice(i, 1);
    return true;
  }

  #block(r: number, candidates: readonly Candidate[], at: number): void {
    this.#blocked.push(r);
    this.#blockedCandidates.push(candidates);
    this.#blockedAt.push(at);
  }

  /** The reason of the candidate closest to fitting (only that one's clause is rendered). */
  #explain(candidates: readonly Candidate[], n: number, target: TargetName, allowSpan: boolean, own?: LiftView<Hold>): Failure {
    const index = this.#s.index;
    let bestRatio = -1;
    let best: { code: WaitCode; clause: WaitClause } | undefined;
    for (const { part, shape } of candidates) {
      const { nodes: m, perNode: k } = shape;
      const model = target === part.model ? null : part.model;
      let ratio: number;
      let code: WaitCode;
      let clause: WaitClause;
      if (m === 1) {
        const f = bestFreeOnNode(index, part, own);
        ratio = f / k;
        code = "capacity";
        clause = { key: "capacity-node", params: { accelerators: k, target, model, bestFree: f } };
      } else {
        const counts = bestCounts(index, part, k, own);
        const podOnly = !allowSpan && m <= part.maxPodNodes && counts.partition >= m;
        if (podOnly) {
          ratio = counts.pod / m;
          code = "topology";
          clause = { key: "topology-pod", params: { accelerators: n, target, nodes: m, perNode: k, model, bestFree: counts.pod * k } };
        } else {
          ratio = counts.partition / m;
          code = "capacity";
          clause = { key: "capacity-cluster", params: { accelerators: n, target, nodes: m, perNode: k, model, bestFree: counts.partition * k } };
        }
      }
      if (!best || ratio > bestRatio) {
        bestRatio = ratio;
        best = { code, clause };
      }
    }
    const t = waitText([best!.clause]);
    return { code: best!.code, reason: t.reason, clauses: t.clauses, capacity: true };
  }

  #commit(r: number, choice: NodeChoice, backfilled: boolean): void {
    const s = this.#s;
    const part = s.index.partitions[choice.partition]!;
    // At its final size: the first push would allocate room for 17 names, most placements have one,
    // and the decisions outlive the cycle.
    const at = choice.nodes;
    const nodes = new Array<string>(at.length);
    for (let j = 0; j < at.length; j++) nodes[j] = s.index.nodeIds[at[j]!]!;
    s.pending.removeRow(r);
    s.addPlaced(r, choice, this.#now);
    this.#placements.push({
      workload: s.pending.id[r]!,
      cluster: part.cluster,
      model: part.model,
      acceleratorClass: part.acceleratorClass,
      acceleratorsPerNode: choice.perNode,
      nodes,
      backfilled,
    });
  }

  #reapply(holds: readonly { node: number; amount: number }[]): void {
    const index = this.#s.index;
    for (const h of holds) {
      h.amount = Math.min(h.amount, index.free[h.node] ?? 0);
      if (h.amount > 0) index.allocate(h.node, h.amount);
    }
  }

  /**
   * The candidates whose partition can take one more reservation of their shape: what all its
   * reservations want stays within the policy's share of its capacity, or it has none yet (so a
   * gang larger than the share still gets one and is never starved).
   */
  #withinBudget(candidates: readonly Candidate[]): readonly Candidate[] {
    const share = this.#s.policy.reservationShare;
    if (share >= 1) return candidates;
    const reservations = this.#s.reservations;
    return candidates.filter((c) => {
      const held = reservations.wantedIn(c.part.index);
      return held === 0 || held + c.shape.nodes * c.shape.perNode <= share * c.part.capacity;
    });
  }

  /**
   * `failure` followed by why its first candidate's partition takes no further reservation; the
   * same for every workload of the failure's shape while what that partition's reservations want
   * is unchanged.
   */
  #overBudget(failure: Failure, c: Candidate): WaitText {
    const part = c.part;
    const wanted = this.#s.reservations.wantedIn(part.index);
    const known = this.#budgetNotes.get(failure);
    if (known !== undefined && known.wanted === wanted) return known.text;
    const sharePercent = Math.round(this.#s.policy.reservationShare * 100);
    const text = followedBy(failure, { key: "not-reserved", params: { wanted, capacity: part.capacity, model: part.model, cluster: part.cluster, sharePercent } });
    this.#budgetNotes.set(failure, { wanted, text });
    return text;
  }

  /** Walks running workloads by time-limit end until the gang fits; holds the free part. */
  #reserve(w: PendingWorkload, candidates: readonly Candidate[]): number | undefined {
    const s = this.#s;
    const views = new Map<number, { vf: VirtualFree; m: number }>();
    // Nodes claimed by earlier reservations are theirs from their start on: not counted here.
    const claimed = new Set(s.reservations.holds.map((h) => h.node));
    for (const c of candidates) {
      const vf = new VirtualFree(s.index, c.part.index, c.shape.perNode, claimed);
      if (vf.count >= c.shape.nodes) return undefined; // blocked by topology only: it spans pods later
      views.set(c.part.index, { vf, m: c.shape.nodes });
    }
    const runs = s.runs;
    for (const r of s.lists.byEndIn(candidates.map((c) => c.part.index))) {
      const view = views.get(runs.partition[r]!);
      if (!view || (runs.flags[r]! & DONE) !== 0) continue;
      const f = runs.first[r]!;
      const to = f + runs.count[r]!;
      for (let j = f; j < to; j++) view.vf.add(runs.nodes[j]!, runs.perNode[j]!);
      if (view.vf.count >= view.m) {
        const shadow = Math.max(this.#now, runs.end[r]!);
        for (const node of view.vf.nodes(view.m)) {
          // A zero hold still claims the node for later reservations.
          s.reservations.hold({ workload: w.id, node, amount: Math.min(view.vf.k, s.index.free[node] ?? 0), want: view.vf.k, shadow, madeAt: this.#now });
        }
        return shadow;
      }
    }
    return undefined;
  }

  /** Reclaims borrowed or preemptible capacity for the first blocked workloads (preemption.ts). */
  preempt(): void {
    preempt(this.#s, this.#now, { rows: this.#blocked, candidates: this.#blockedCandidates, at: this.#blockedAt }, this.#waiting, this.#preemptions);
  }

  /**
   * Records why `w` waits, replacing its earlier reason in this cycle; returns the position. The
   * entry is the one object a waiting workload costs: `text` is shared, not copied.
   */
  #wait(id: string, code: WaitCode, text: WaitText, reservedStart?: number): number {
    const entry: WaitingReason =
      reservedStart === undefined ? { workload: id, code, reason: text.reason, clauses: text.clauses } : { workload: id, code, reason: text.reason, clauses: text.clauses, reservedStart };
    if (this.#fresh) {
      this.#waiting[this.#waitingCount] = entry;
      return this.#waitingCount++;
    }
    const at = this.#waitingAt.get(id);
    if (at !== undefined) {
      this.#waiting[at] = entry;
      return at;
    }
    this.#waitingAt.set(id, this.#waitingCount);
    this.#waiting[this.#waitingCount] = entry;
    return this.#waitingCount++;
  }
}
