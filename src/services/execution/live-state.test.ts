// Property tests of the kept scheduler state: after any sequence of changes to the workloads (made
// behind the loop's back or by its own cycles), the state kept by LiveState matches one built
// afresh from the same facts. fast-check prints the seed and the shrunk counterexample on failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandFleet } from "../../domain/fleet.js";
import type { QueueParameters } from "../../domain/programs/queue-from-allocation.js";
import { highwayPolicy, type Decisions, type SchedulerPolicy } from "../../scheduler/index.js";
import { DONE, TERMINATING } from "../../scheduler/running-table.js";
import { testFleet } from "../../scheduler/scenario-fixtures.js";
import type { SchedulerState } from "../../scheduler/scheduler-state.js";
import { LiveState, type KeyedFacts } from "./live-state.js";
import type { QueueInput, SnapshotInput } from "./snapshot.js";

const FLEET = testFleet({ cluster: "a", model: "h100", nodes: 6 }, { cluster: "b", model: "b200", nodes: 4 }, { cluster: "c", model: "gb200", nodes: 8, acceleratorsPerNode: 4, nvlinkDomainNodes: 4 });
const NODES = expandFleet(FLEET);
const CLASS_OF: Record<string, string> = { h100: "hopper", b200: "blackwell", gb200: "blackwell" };
const QUEUES = ["q0", "q1", "q2"];
const START = 1_000_000;

function parameters(q: number): QueueParameters {
  const resource = (acceleratorClass: string, nominal: number) => ({ acceleratorClass, nominalQuota: nominal, fairShareWeight: 1 + q, borrowingLimit: 16, lendingLimit: nominal, acceleratorHours: 0n });
  return { cohort: q === 2 ? "c2" : "c1", active: true, priorityTier: 0, resources: [resource("blackwell", 8 * q), resource("hopper", 8 + 4 * q)] };
}

/** One change to the workloads, or a cycle of the loop; `a` and `b` pick targets and variants. */
interface Step {
  readonly kind: "submit" | "cancel" | "start" | "place" | "terminate" | "requeue" | "cycle";
  readonly a: number;
  readonly b: number;
  readonly dt: number;
}

const arbStep: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step["kind"]>("submit", "submit", "submit", "cancel", "start", "place", "terminate", "requeue", "cycle", "cycle"),
  a: fc.nat(1000),
  b: fc.nat(1000),
  dt: fc.integer({ min: 0, max: 400 }),
});

type Row = { -readonly [K in keyof KeyedFacts]: KeyedFacts[K] };

/** The workloads table as the loop would read it: a row's key changes with every write to it. */
class Table {
  readonly rows = new Map<string, Row>();
  #writes = 0;
  #ids = 0;
  now = START;

  write(row: Row, change: Partial<Row>): void {
    Object.assign(row, change, { key: `k${++this.#writes}` });
  }

  submit(a: number, b: number): void {
    const model = ["h100", "b200", "gb200", null][a % 4]!;
    const perNode = model === "gb200" ? [1, 2, 4][b % 3]! : [1, 2, 4, 8][b % 4]!;
    const nodes = 1 + ((a >> 2) % 3);
    const id = `w${String(++this.#ids).padStart(4, "0")}`;
    const row: Row = {
      id,
      key: "",
      projectId: QUEUES[b % 3]!,
      state: "queued",
      acceleratorClass: model === null ? ["hopper", "blackwell"][b % 2]! : CLASS_OF[model]!,
      model,
      placedModel: null,
      acceleratorsPerNode: perNode,
      accelerators: perNode * nodes,
      nodes: null,
      timeLimitSeconds: 600 + (b % 7) * 900,
      priorityTier: (a >> 4) % 2,
      preemptible: (b >> 3) % 2 === 0,
      submittedAt: new Date((this.now - (a % 50)) * 1000),
      dispatchedAt: null,
      startedAt: null,
      terminating: false,
    };
    this.rows.set(id, row);
    this.write(row, {});
  }

  pick(a: number, states: readonly string[]): Row | undefined {
    const some = [...this.rows.values()].filter((r) => states.includes(r.state));
    return some.length === 0 ? undefined : some[a % some.length];
  }

  /** Places a queued workload on free open nodes, as another writer (or an adopted job) could. */
  place(a: number): void {
    const row = this.pick(a, ["queued"]);
    if (row === undefined) return;
    const used = this.used();
    const fits = NODES.filter(
      (n) => (row.model === null ? n.acceleratorClass === row.acceleratorClass : n.model === row.model) && n.accelerators - (used.get(n.id) ?? 0) >= row.acceleratorsPerNode,
    );
    const count = row.accelerators / row.acceleratorsPerNode;
    const cluster = fits[0]?.cluster;
    const chosen = fits.filter((n) => n.cluster === cluster).slice(0, count);
    if (chosen.length < count) return;
    this.write(row, { state: "dispatched", placedModel: chosen[0]!.model, nodes: chosen.map((n) => n.id), dispatchedAt: new Date(this.now * 1000) });
  }

  used(): Map<string, number> {
    const used = new Map<string, number>();
    for (const r of this.rows.values()) if (r.state !== "queued") for (const n of r.nodes ?? []) used.set(n, (used.get(n) ?? 0) + r.acceleratorsPerNode);
    return used;
  }

  /** Commits a cycle's decisions as the loop does; a placement whose workload was cancelled meanwhile is skipped. */
  commit(decisions: Decisions, cancelledMeanwhile: (i: number) => boolean): { skipped: string[] } {
    const skipped: string[] = [];
    decisions.placements.forEach((p, i) => {
      const row = this.rows.get(p.workload);
      if (row === undefined || row.state !== "queued" || cancelledMeanwhile(i)) {
        this.rows.delete(p.workload);
        skipped.push(p.workload);
        return;
      }
      this.write(row, { state: "dispatched", placedModel: p.model, nodes: [...p.nodes], dispatchedAt: new Date(this.now * 1000) });
    });
    for (const p of decisions.preemptions) {
      const row = this.rows.get(p.workload);
      if (row !== undefined) this.write(row, { terminating: true });
    }
    return { skipped };
  }

  queues(step: number): QueueInput[] {
    return QUEUES.map((id, q) => ({ projectId: id, parameters: parameters(q), decayedUsage: ((step * 7919 * (q + 1)) % 100_000) * 3, usageAsOf: this.now }));
  }

  input(step: number): Omit<SnapshotInput, "workloads"> & { workloads: KeyedFacts[] } {
    return { nodes: NODES, kindOfModel: () => "gpu", closed: CLOSED, queues: this.queues(step), workloads: [...this.rows.values()] };
  }
}

const CLOSED = new Set([NODES[1]!.id, NODES[7]!.id]);

/** Brings the kept state up to date with the table, as a cycle of the loop does. */
function sync(live: LiveState, table: Table, step: number): void {
  const diff = live.diff(new Map([...table.rows.values()].map((r) => [r.id, r.key])));
  const facts = diff.changed.flatMap((id) => table.rows.get(id) ?? []);
  live.apply(diff, facts, table.now);
  live.setUsage(table.queues(step));
}

/** What a state holds, less its reservations: the parts a kept and a fresh state must agree on. */
function held(state: SchedulerState, now: number) {
  const index = state.index;
  const free = Array.from(index.free);
  for (const h of state.reservations.holds) free[h.node]! += h.amount;
  const runs = state.runs;
  const running = [];
  for (let r = 0; r < runs.rows; r++) {
    if ((runs.flags[r]! & DONE) !== 0) continue;
    const { terminating, ...w } = state.workload(r);
    running.push({ ...w, terminating: terminating === true || (runs.flags[r]! & TERMINATING) !== 0 });
  }
  return {
    free,
    pending: [...state.pending.workloads()].sort((x, y) => (x.id < y.id ? -1 : 1)),
    running: running.sort((x, y) => (x.id < y.id ? -1 : 1)),
    allocated: QUEUES.map((q) => state.allocated(q)),
    usage: QUEUES.map((q) => state.usageAt(q, now + 100)),
    shares: QUEUES.map((q) => state.share(q, now + 100, 0)),
  };
}

/**
 * Decisions with each placement's node names replaced by their count. Among nodes of equal standing
 * (same free count in the same topology group) the index takes the first of its bucket, and a
 * bucket's order is the order its nodes entered it: a kept index and a fresh one may pick different,
 * equally good, nodes.
 */
function withoutNodeNames(d: Decisions) {
  return { ...d, placements: d.placements.map(({ nodes, ...p }) => ({ ...p, nodes: nodes.length })) };
}

/**
 * Runs the steps on a kept state and checks it against a fresh one after each. With `sameDecisions`
 * (a policy that recomputes every reservation each cycle) a cycle's decisions must be identical too.
 */
function run(steps: readonly Step[], policy: SchedulerPolicy, sameDecisions: boolean): void {
  const table = new Table();
  for (let i = 0; i < 6; i++) table.submit(i * 37, i * 11);
  let live = LiveState.build(table.input(0), policy);
  steps.forEach((s, step) => {
    table.now += s.dt;
    if (s.kind === "submit") table.submit(s.a, s.b);
    else if (s.kind === "cancel") {
      const row = table.pick(s.a, ["queued", "dispatched", "running"]);
      if (row !== undefined) table.rows.delete(row.id);
    } else if (s.kind === "start") {
      const row = table.pick(s.a, ["dispatched"]);
      if (row !== undefined) table.write(row, { state: "running", startedAt: new Date((table.now - (s.b % 30)) * 1000) });
    } else if (s.kind === "place") table.place(s.a);
    else if (s.kind === "terminate") {
      const row = table.pick(s.a, ["dispatched", "running"]);
      if (row !== undefined) table.write(row, { terminating: true });
    } else if (s.kind === "requeue") {
      const row = table.pick(s.a, ["dispatched", "running"]);
      if (row !== undefined) table.write(row, { state: "queued", placedModel: null, nodes: null, dispatchedAt: null, startedAt: null, terminating: false });
    }
    sync(live, table, step);
    const fresh = LiveState.build(table.input(step), policy);
    expect(held(live.state, table.now)).toEqual(held(fresh.state, table.now));
    // Reservations kept from a cycle belong to workloads still waiting.
    expect(live.state.reservations.holds.filter((h) => live.state.pending.get(h.workload) === undefined)).toEqual([]);
    if (s.kind !== "cycle") return;
    const decisions = live.state.cycle(table.now);
    if (sameDecisions) expect(withoutNodeNames(decisions)).toEqual(withoutNodeNames(fresh.state.cycle(table.now)));
    const { skipped } = table.commit(decisions, (i) => (s.b >> i) % 5 === 0);
    live.forget([...decisions.placements.map((p) => p.workload), ...decisions.preemptions.map((p) => p.workload)]);
    live.withdraw(skipped, table.now);
    // A placement the store did not commit holds nothing from now on, before any diff.
    for (const id of skipped) expect([live.state.running(id), live.state.pending.get(id)]).toEqual([undefined, undefined]);
    // A cycle that throws makes the loop rebuild; so does the test, now and then, to vary the start.
    if (s.b % 13 === 0) live = LiveState.build(table.input(step), policy);
  });
}

describe("LiveState", () => {
  it("keeps exactly the state a fresh build gives, and the same decisions, when every reservation is recomputed each cycle", () => {
    const policy = highwayPolicy({ reservationRefreshSeconds: 0 });
    fc.assert(fc.property(fc.array(arbStep, { minLength: 1, maxLength: 60 }), (steps) => run(steps, policy, true)), { numRuns: 200 });
  }, 30_000);

  it("keeps the pending and running sets, free capacity (reservations aside), allocations and usage of a fresh build under the default policy", () => {
    const policy = highwayPolicy();
    fc.assert(fc.property(fc.array(arbStep, { minLength: 1, maxLength: 60 }), (steps) => run(steps, policy, false)), { numRuns: 200 });
  }, 30_000);

  it("voids a reservation whose capacity work placed behind the loop's back took", () => {
    // fast-check's shrunk counterexample: the cycle reserves b200 nodes, then a workload is placed there.
    const s = (kind: Step["kind"], a = 0, b = 0): Step => ({ kind, a, b, dt: 0 });
    run([s("submit"), s("submit", 57, 464), s("submit"), s("submit"), s("submit"), s("cycle", 0, 440), s("place", 105), s("submit")], highwayPolicy(), false);
  });

  it("reads a workload again after a cycle placed or preempted it, even if its key did not change", () => {
    const table = new Table();
    table.submit(0, 0);
    const live = LiveState.build(table.input(0), highwayPolicy());
    const keys = new Map([...table.rows.values()].map((r) => [r.id, r.key]));
    expect(live.diff(keys)).toEqual({ changed: [], gone: [] });
    live.forget(["w0001", "unknown"]);
    expect(live.diff(keys)).toEqual({ changed: ["w0001"], gone: [] });
  });

  it("finds every new, changed and gone workload by key", () => {
    const table = new Table();
    for (let i = 0; i < 3; i++) table.submit(i, i);
    const live = LiveState.build(table.input(0), highwayPolicy());
    const [first, second] = [...table.rows.values()];
    table.write(first!, { priorityTier: 5 });
    table.rows.delete(second!.id);
    table.submit(9, 9);
    const diff = live.diff(new Map([...table.rows.values()].map((r) => [r.id, r.key])));
    expect(diff).toEqual({ changed: [first!.id, "w0004"], gone: [second!.id] });
  });
});
