import { describe, expect, it } from "vitest";
import { fifoPolicy, highwayPolicy, slurmPolicy } from "./policy.js";
import type { SchedulerPolicy } from "./policy.js";
import { pending, queue, running, snapshot, testNodes } from "./scenario-fixtures.js";
import { schedule, stateFromSnapshot } from "./schedule.js";
import type { SchedulingSnapshot } from "./types.js";

/** One row per policy rule: what is placed, where, and the reason a person reads for the rest. */
interface Scenario {
  readonly name: string;
  readonly snap: SchedulingSnapshot;
  readonly policy?: SchedulerPolicy;
  readonly now?: number;
  /** Workload -> number of nodes (or exact node ids) it is placed on. */
  readonly placed?: Readonly<Record<string, number | readonly string[]>>;
  readonly perNode?: Readonly<Record<string, number>>;
  readonly waiting?: Readonly<Record<string, string>>;
  readonly preempted?: Readonly<Record<string, string>>;
}

const hgx = (nodes = 2, cluster = "a") => testNodes({ cluster, nodes });
const noQuota = [queue("p1"), queue("p2")];
const node = (cluster: string, i: number) => `${cluster}-n${String(i).padStart(5, "0")}`;

const scenarios: Scenario[] = [
  {
    name: "quota: a project at its nominal quota with no borrowing waits",
    snap: snapshot({
      nodes: hgx(2),
      queues: [queue("p1", { hopper: { nominal: 8, borrowingLimit: 0 } })],
      running: [running("r1", "p1", [node("a", 1)], 8)],
      pending: [pending("w1", "p1", 8)],
    }),
    waiting: { w1: "project p1 is at its hopper quota: 8 in use + 8 asked > 8 nominal + 0 borrowable" },
  },
  {
    name: "quota: a class the project has no quota for",
    snap: snapshot({ nodes: hgx(1), queues: [queue("p1", { blackwell: { nominal: 8 } })], pending: [pending("w1", "p1", 8)] }),
    waiting: { w1: "project p1 has no hopper quota" },
  },
  {
    name: "cohort borrowing: idle nominal quota of a cohort member is lent",
    snap: snapshot({
      nodes: hgx(2),
      queues: [queue("p1", { hopper: { nominal: 8, borrowingLimit: 8 } }), queue("p2", { hopper: { nominal: 8 } })],
      running: [running("r1", "p1", [node("a", 1)], 8)],
      pending: [pending("w1", "p1", 8)],
    }),
    placed: { w1: 1 },
  },
  {
    name: "cohort lending limit: a member that lends nothing leaves nothing to borrow",
    snap: snapshot({
      nodes: hgx(2),
      queues: [queue("p1", { hopper: { nominal: 8, borrowingLimit: 8 } }), queue("p2", { hopper: { nominal: 8, lendingLimit: 0 } })],
      running: [running("r1", "p1", [node("a", 1)], 8)],
      pending: [pending("w1", "p1", 8)],
    }),
    waiting: { w1: "project p1 would borrow 8 hopper beyond its nominal 8, but cohort c1 and the root have only 0 idle to lend" },
  },
  {
    name: "fair share: the queue with less decayed usage per weight goes first",
    snap: snapshot({
      nodes: hgx(1),
      queues: [queue("p1", { decayedUsage: 1e7 }), queue("p2", { decayedUsage: 1e5 })],
      pending: [pending("w1", "p1", 8, { submittedAt: 0 }), pending("w2", "p2", 8, { submittedAt: 10 })],
    }),
    now: 100,
    placed: { w2: 1 },
    waiting: { w1: "needs 8 h100 on one node; the best node has 0 free; reserved to start within 60 min as running workloads reach their time limits" },
  },
  {
    name: "fair share: weight scales the entitlement",
    snap: snapshot({
      nodes: hgx(1),
      queues: [queue("p1", { decayedUsage: 1e6, weight: 100 }), queue("p2", { decayedUsage: 1e5, weight: 1 })],
      pending: [pending("w1", "p1", 8), pending("w2", "p2", 8)],
    }),
    placed: { w1: 1 },
  },
  {
    name: "priority tier: a higher tier passes an older workload of the same queue",
    snap: snapshot({ nodes: hgx(1), queues: noQuota, pending: [pending("old", "p1", 8, { submittedAt: 0 }), pending("urgent", "p1", 8, { submittedAt: 50, priorityTier: 1 })] }),
    now: 100,
    placed: { urgent: 1 },
  },
  {
    name: "age: among equals the older workload goes first",
    snap: snapshot({ nodes: hgx(1), queues: noQuota, pending: [pending("young", "p1", 8, { submittedAt: 50 }), pending("old", "p1", 8, { submittedAt: 0 })] }),
    now: 100,
    placed: { old: 1 },
  },
  {
    name: "gang: all or nothing, never a partial placement",
    snap: snapshot({ nodes: hgx(2), queues: noQuota, pending: [pending("w1", "p1", 16)], used: { [node("a", 2)]: 2 } }),
    policy: highwayPolicy({ reservations: 0 }),
    waiting: { w1: "needs 16 h100 (2 nodes x 8) within one cluster; the best cluster has 8 free in that shape" },
  },
  {
    name: "shape: 12 on 8-GPU nodes is 2 x 6",
    snap: snapshot({ nodes: hgx(2), queues: noQuota, pending: [pending("w1", "p1", 12)], used: { [node("a", 2)]: 2 } }),
    placed: { w1: 2 },
    perNode: { w1: 6 },
  },
  {
    name: "best fit: a small workload takes the fullest node that fits",
    snap: snapshot({ nodes: hgx(3), queues: noQuota, pending: [pending("w1", "p1", 2)], used: { [node("a", 2)]: 5, [node("a", 3)]: 6 } }),
    placed: { w1: [node("a", 3)] },
  },
  {
    name: "topology: fewest NVLink domains, the tightest domain that holds the gang",
    snap: snapshot({
      nodes: testNodes({ cluster: "g", model: "gb200", nodes: 36, acceleratorsPerNode: 4, nvlinkDomainNodes: 18, nodesPerRack: 18, racksPerPod: 8 }),
      queues: noQuota,
      // Domain 0 keeps 10 whole trays free; domain 1 is entirely free.
      used: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [node("g", i + 1), 4])),
      pending: [pending("w1", "p1", 40, { request: { kind: "model", name: "gb200" } })],
    }),
    placed: { w1: Array.from({ length: 10 }, (_, i) => node("g", i + 9)) },
  },
  {
    name: "topology: one pod where possible",
    snap: snapshot({
      nodes: testNodes({ cluster: "a", nodes: 16, racksPerPod: 2 }),
      queues: noQuota,
      // Pod 0 (nodes 1-8) has 3 whole nodes free, pod 1 (nodes 9-16) has 4.
      used: Object.fromEntries([1, 2, 3, 4, 5, 9, 10, 11, 12].map((i) => [node("a", i), 8])),
      pending: [pending("w1", "p1", 32)],
    }),
    placed: { w1: [13, 14, 15, 16].map((i) => node("a", i)) },
  },
  {
    name: "topology: a gang that fits a pod waits for one pod before it may span pods",
    snap: snapshot({
      nodes: testNodes({ cluster: "a", nodes: 16, racksPerPod: 2 }),
      queues: noQuota,
      used: Object.fromEntries([1, 2, 3, 4, 5, 9, 10, 11, 12].map((i) => [node("a", i), 8])),
      pending: [pending("w1", "p1", 48, { submittedAt: 0 })],
    }),
    now: 60,
    waiting: { w1: "needs 48 h100 (6 nodes x 8) within one pod; the best pod has 32 free in that shape" },
  },
  {
    name: "topology: after the pod wait it spans pods of its cluster",
    snap: snapshot({
      nodes: testNodes({ cluster: "a", nodes: 16, racksPerPod: 2 }),
      queues: noQuota,
      used: Object.fromEntries([1, 2, 3, 4, 5, 9, 10, 11, 12].map((i) => [node("a", i), 8])),
      pending: [pending("w1", "p1", 48, { submittedAt: 0 })],
    }),
    now: 601,
    placed: { w1: 6 },
  },
  {
    name: "topology: never across clusters",
    snap: snapshot({ nodes: [...hgx(4, "a"), ...hgx(4, "b")], queues: noQuota, pending: [pending("w1", "p1", 64)] }),
    waiting: { w1: "needs 64 h100 in one cluster; no cluster has enough such nodes" },
  },
  {
    name: "never fits: a model the fleet lacks",
    snap: snapshot({ nodes: hgx(1), queues: noQuota, pending: [pending("w1", "p1", 8, { request: { kind: "model", name: "mi300x" } })] }),
    waiting: { w1: "asks for mi300x, which the fleet does not have" },
  },
  {
    name: "backfill: a short workload runs in the gap before a reservation; a long one waits",
    snap: snapshot({
      nodes: hgx(2),
      queues: noQuota,
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 })],
      pending: [
        pending("big", "p1", 16, { submittedAt: 0 }),
        pending("short", "p1", 8, { submittedAt: 10, timeLimitSeconds: 500 }),
        pending("long", "p1", 8, { submittedAt: 20, timeLimitSeconds: 5000 }),
      ],
    }),
    now: 100,
    placed: { short: [node("a", 2)] },
    waiting: {
      big: "needs 16 h100 (2 nodes x 8) within one cluster; the best cluster has 8 free in that shape; reserved to start within 15 min as running workloads reach their time limits",
      long: "needs 8 h100 on one node; the best node has 0 free; not reserved: reservations want 16 of the 16 h100 of cluster a already, and at most 50% may be held for them",
    },
  },
  {
    name: "backfill: a workload that fits but would delay the reservation says so",
    snap: snapshot({
      nodes: hgx(2),
      queues: noQuota,
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 })],
      pending: [pending("big", "p1", 16, { submittedAt: 0 }), pending("long", "p1", 4, { submittedAt: 20, timeLimitSeconds: 5000 })],
    }),
    now: 100,
    waiting: { long: "would fit now, but its time limit (83 min) runs past the reserved start of big in 15 min" },
  },
  {
    name: "reservation budget: a reservation that would take the held share past half a cluster is not made; a smaller one still is",
    snap: snapshot({
      nodes: hgx(8),
      queues: [queue("p1"), queue("p2"), queue("p3")],
      running: Array.from({ length: 8 }, (_, i) => running(`r${i + 1}`, "p4", [node("a", i + 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 * (i + 1) })),
      pending: [
        pending("small", "p1", 8, { submittedAt: 0 }),
        pending("big", "p2", 32, { submittedAt: 10 }),
        pending("mid", "p3", 16, { submittedAt: 20 }),
      ],
    }),
    now: 100,
    waiting: {
      small: "needs 8 h100 on one node; the best node has 0 free; reserved to start within 15 min as running workloads reach their time limits",
      big: "needs 32 h100 (4 nodes x 8) within one cluster; the best cluster has 0 free in that shape; not reserved: reservations want 8 of the 64 h100 of cluster a already, and at most 50% may be held for them",
      mid: "needs 16 h100 (2 nodes x 8) within one cluster; the best cluster has 0 free in that shape; reserved to start within 48 min as running workloads reach their time limits",
    },
  },
  {
    name: "reservation budget: a cluster's first reservation is made whatever its size",
    snap: snapshot({
      nodes: hgx(2),
      queues: noQuota,
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 })],
      pending: [pending("whole", "p1", 16, { submittedAt: 0 })],
    }),
    now: 100,
    waiting: { whole: "needs 16 h100 (2 nodes x 8) within one cluster; the best cluster has 8 free in that shape; reserved to start within 15 min as running workloads reach their time limits" },
  },
  {
    name: "preemption: reclaims capacity a project borrowed, newest first, for a project within its nominal",
    snap: snapshot({
      nodes: hgx(2),
      queues: [queue("p1", { hopper: { nominal: 8 } }), queue("p2", { hopper: { nominal: 8, borrowingLimit: 8 } })],
      running: [running("r-old", "p2", [node("a", 1)], 8, { startedAt: 0 }), running("r-new", "p2", [node("a", 2)], 8, { startedAt: 100 })],
      pending: [pending("w1", "p1", 8, { submittedAt: 900 })],
    }),
    now: 1000,
    preempted: { "r-new": "project p2 borrows hopper beyond its nominal 8; reclaimed for w1 of p1, which is within its nominal quota" },
    waiting: { w1: "preempting 1 workload (8 accelerators); starts when they stop, within 60 s" },
  },
  {
    name: "preemption: never before the minimum runtime",
    snap: snapshot({
      nodes: hgx(1),
      queues: [queue("p1", { hopper: { nominal: 8 } }), queue("p2", { hopper: { nominal: 0, borrowingLimit: 8 } })],
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 700, timeLimitSeconds: 36_000 })],
      pending: [pending("w1", "p1", 8, { submittedAt: 900 })],
    }),
    now: 1000,
    preempted: {},
    waiting: { w1: "needs 8 h100 on one node; the best node has 0 free; reserved to start within 10 h as running workloads reach their time limits" },
  },
  {
    name: "preemption: preemptible work of a lower tier makes room",
    snap: snapshot({
      nodes: hgx(1),
      queues: noQuota,
      running: [running("cheap", "p2", [node("a", 1)], 8, { startedAt: 0, preemptible: true })],
      pending: [pending("w1", "p1", 8, { priorityTier: 1 })],
    }),
    now: 1000,
    preempted: { cheap: "preemptible workload (tier 0) makes room for w1 of p1 (tier 1)" },
  },
  {
    name: "preemption: waits out the grace period of workloads already preempted",
    snap: snapshot({
      nodes: hgx(1),
      queues: noQuota,
      running: [running("cheap", "p2", [node("a", 1)], 8, { startedAt: 0, preemptible: true, terminating: true })],
      pending: [pending("w1", "p1", 8, { priorityTier: 1 })],
    }),
    now: 1000,
    preempted: {},
    waiting: { w1: "waiting for 1 preempted workload to release capacity" },
  },
  {
    name: "fifo: nothing passes a blocked head",
    policy: fifoPolicy(),
    snap: snapshot({ nodes: hgx(1), queues: noQuota, used: { [node("a", 1)]: 4 }, pending: [pending("head", "p1", 8, { submittedAt: 0 }), pending("small", "p2", 1, { submittedAt: 5 })] }),
    now: 10,
    waiting: { head: "needs 8 h100 on one node; the best node has 4 free", small: "waits behind head: strict submission order, no backfill" },
  },
];

describe("schedule: one scenario per policy rule", () => {
  it.each(scenarios)("$name", (sc) => {
    const d = schedule(sc.snap, sc.policy ?? highwayPolicy(), sc.now ?? 0);
    const placed = new Map(d.placements.map((p) => [p.workload, p]));
    for (const [id, want] of Object.entries(sc.placed ?? {})) {
      const p = placed.get(id);
      expect(p, `${id} placed; waiting: ${JSON.stringify(d.waiting)}`).toBeDefined();
      if (typeof want === "number") expect(p?.nodes).toHaveLength(want);
      else expect(p?.nodes).toEqual(want);
    }
    for (const [id, k] of Object.entries(sc.perNode ?? {})) expect(placed.get(id)?.acceleratorsPerNode).toBe(k);
    if (sc.placed) expect([...placed.keys()].sort()).toEqual(Object.keys(sc.placed).sort());
    const waiting = new Map(d.waiting.map((w) => [w.workload, w.reason]));
    for (const [id, reason] of Object.entries(sc.waiting ?? {})) expect(waiting.get(id), id).toBe(reason);
    if (sc.preempted) expect(Object.fromEntries(d.preemptions.map((p) => [p.workload, p.reason]))).toEqual(sc.preempted);
    // Every pending workload is either placed or has a reason.
    expect(d.placements.length + d.waiting.length).toBe(sc.snap.pending.length);
  });
});

describe("slurm baseline", () => {
  it("EASY backfill: the top job holds a reservation and a job that ends before it starts early", () => {
    // Two nodes; r1 holds node 1 until t=1000. "big" (2 nodes) is first by priority and cannot
    // start; "fits-gap" ends before t=1000 and backfills; "too-long" would delay big and waits.
    // big has waited 7 days: its age factor (1000) outweighs the small-job bonus of the others.
    const snap = snapshot({
      nodes: hgx(2),
      queues: noQuota,
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 })],
      pending: [
        pending("big", "p1", 16, { submittedAt: -7 * 86_400 }),
        pending("too-long", "p1", 8, { submittedAt: 10, timeLimitSeconds: 4000 }),
        pending("fits-gap", "p2", 8, { submittedAt: 20, timeLimitSeconds: 600 }),
      ],
    });
    const d = schedule(snap, slurmPolicy(), 100);
    expect(d.placements.map((p) => [p.workload, p.nodes, p.backfilled])).toEqual([["fits-gap", [node("a", 2)], true]]);
    const reasons = Object.fromEntries(d.waiting.map((w) => [w.workload, w]));
    expect(reasons.big?.code).toBe("reserved");
    expect(reasons.big?.reservedStart).toBe(1000);
    expect(reasons["too-long"]?.reason).toBe("would fit now, but its time limit (67 min) runs past the reserved start of big in 15 min");
  });

  it("EASY backfill is absent in fifo: the same gap stays idle", () => {
    const snap = snapshot({
      nodes: hgx(2),
      queues: noQuota,
      running: [running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 })],
      pending: [pending("big", "p1", 16, { submittedAt: 0 }), pending("fits-gap", "p2", 8, { submittedAt: 20, timeLimitSeconds: 600 })],
    });
    expect(schedule(snap, fifoPolicy(), 100).placements).toEqual([]);
  });

  it("multifactor: job size and fair share order jobs submitted together", () => {
    const snap = snapshot({
      nodes: hgx(1),
      queues: [queue("heavy", { decayedUsage: 1e8 }), queue("light")],
      pending: [pending("a", "heavy", 1), pending("b", "light", 8)],
    });
    // Fair share (weight 10000) outweighs job size (1000): the light queue's 8-GPU job goes first.
    expect(schedule(snap, slurmPolicy(), 0).placements.map((p) => p.workload)).toEqual(["b"]);
  });
});

describe("reservations across cycles", () => {
  it("keep their start and nodes until the refresh interval, then are recomputed", () => {
    const snap = snapshot({
      nodes: hgx(3),
      queues: noQuota,
      running: [
        running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 }),
        running("r2", "p2", [node("a", 2)], 8, { startedAt: 0, timeLimitSeconds: 2000 }),
        running("r3", "p2", [node("a", 3)], 8, { startedAt: 0, timeLimitSeconds: 3000 }),
      ],
      pending: [pending("big", "p1", 16, { submittedAt: 0 })],
    });
    const state = stateFromSnapshot(snap, highwayPolicy());
    const first = state.cycle(100).waiting.find((w) => w.workload === "big");
    expect(first?.reservedStart).toBe(2000);
    // r3 stops early: a fresh walk would now find t=1000, but the reservation is 20 s old.
    state.finish("r3", 120);
    expect(state.cycle(120).waiting.find((w) => w.workload === "big")?.reservedStart).toBe(2000);
    // 80 s after it was made, the next full cycle walks again: node 3 free now, node 1 at t=1000.
    expect(state.cycle(180).waiting.find((w) => w.workload === "big")?.reservedStart).toBe(1000);
  });

  it("keep a blocked holder's capacity topped up and counted as its own, and start it once held plus free capacity fits", () => {
    const snap = snapshot({
      nodes: hgx(3),
      queues: noQuota,
      running: [
        running("r1", "p2", [node("a", 1)], 8, { startedAt: 0, timeLimitSeconds: 1000 }),
        running("r2", "p2", [node("a", 2)], 4, { startedAt: 0, timeLimitSeconds: 2000 }),
        running("r3", "p2", [node("a", 3)], 8, { startedAt: 0, timeLimitSeconds: 3000 }),
      ],
      pending: [pending("big", "p1", 16, { submittedAt: 0 }), pending("long", "p2", 8, { submittedAt: 50, timeLimitSeconds: 5000 })],
    });
    const state = stateFromSnapshot(snap, highwayPolicy());
    const held = () => state.reservations.holds.map((h) => [state.index.nodeIds[h.node], h.amount]);
    const big = (now: number) => state.cycle(now).waiting.find((w) => w.workload === "big");
    const first = big(100);
    expect(first?.reservedStart).toBe(2000);
    expect(held()).toEqual([
      [node("a", 1), 0],
      [node("a", 2), 4],
    ]);
    // r1 ends early: its node is held for `big` at the next visit, not given to the 5,000 s job, and
    // the reason counts the node as big's own (8 free in that shape, not 0).
    state.finish("r1", 120);
    const second = state.cycle(130);
    expect(second.placements).toEqual([]);
    expect(held()).toEqual([
      [node("a", 1), 8],
      [node("a", 2), 4],
    ]);
    expect(second.waiting.find((w) => w.workload === "big")?.reason).toContain("the best cluster has 8 free in that shape");
    // And still so while the node is held (nothing free on it now).
    expect(big(135)?.reason).toContain("the best cluster has 8 free in that shape");
    // r2 ends: held (8 + 4) plus free (4) capacity fits the gang.
    state.finish("r2", 140);
    const third = state.cycle(150);
    expect(third.placements.map((p) => [p.workload, p.nodes])).toEqual([["big", [node("a", 1), node("a", 2)]]]);
    expect(state.reservations.holds.filter((h) => h.workload === "big")).toEqual([]);
  });
});

