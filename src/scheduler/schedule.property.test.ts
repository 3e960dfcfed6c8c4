// Property tests: fast-check prints the seed and the shrunk counterexample on failure; replay with
// fc.assert(..., { seed, path }) as it suggests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { highwayPolicy, slurmPolicy } from "./policy.js";
import type { SchedulerPolicy } from "./policy.js";
import { pending, queue, running, snapshot, testNodes } from "./scenario-fixtures.js";
import { schedule } from "./schedule.js";
import type { AcceleratorRequest, PendingWorkload, QueueSnapshot, RunningWorkload, SchedulingSnapshot } from "./types.js";
import { waitingReasonText } from "./waiting-reason-text.js";

const NOW = 10_000;

const arbSnapshot: fc.Arbitrary<SchedulingSnapshot> = fc
  .record({
    hgxNodes: fc.integer({ min: 1, max: 12 }),
    gbNodes: fc.integer({ min: 0, max: 36 }),
    podRacks: fc.integer({ min: 1, max: 3 }),
    /** Equal weights and usage, so that fair-share ties must be broken deterministically. */
    tie: fc.boolean(),
    used: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 48, maxLength: 48 }),
    quotas: fc.array(
      fc.option(fc.record({ nominal: fc.integer({ min: 0, max: 48 }), borrowingLimit: fc.integer({ min: 0, max: 32 }), lendingLimit: fc.integer({ min: 0, max: 48 }) })),
      { minLength: 4, maxLength: 4 },
    ),
    owners: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 48, maxLength: 48 }),
    drained: fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }),
    pend: fc.array(
      fc.record({
        q: fc.integer({ min: 0, max: 3 }),
        n: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constantFrom(12, 16, 24, 32, 40, 64)),
        req: fc.constantFrom<AcceleratorRequest>({ kind: "model", name: "h100" }, { kind: "class", name: "blackwell" }, { kind: "any-gpu" }, { kind: "model", name: "gb200" }),
        perNode: fc.option(fc.constantFrom(1, 2, 4, 8)),
        tier: fc.integer({ min: 0, max: 2 }),
        submit: fc.integer({ min: 0, max: NOW }),
        limit: fc.integer({ min: 60, max: 20_000 }),
        preemptible: fc.boolean(),
      }),
      { maxLength: 30 },
    ),
  })
  .map((g) => {
    const nodes = [
      ...testNodes({ cluster: "a", nodes: g.hgxNodes, racksPerPod: g.podRacks }),
      ...(g.gbNodes > 0 ? testNodes({ cluster: "g", model: "gb200", nodes: g.gbNodes, acceleratorsPerNode: 4, nvlinkDomainNodes: 9, nodesPerRack: 9, racksPerPod: g.podRacks }) : []),
    ];
    const queues: QueueSnapshot[] = g.quotas.map((qt, i) =>
      queue(`p${i}`, {
        cohort: i < 2 ? "c1" : "c2",
        weight: g.tie ? 1 : i + 1,
        decayedUsage: g.tie ? 0 : i * 1e5,
        ...(qt ? { quotas: { hopper: qt, blackwell: qt } } : {}),
      }),
    );
    // In a tie, running work belongs to a fifth queue so that p0..p3 have equal shares.
    if (g.tie) queues.push(queue("bg", { cohort: "c2" }));
    const runningList: RunningWorkload[] = [];
    nodes.forEach((n, i) => {
      const used = Math.min(n.accelerators, g.used[i % 48] ?? 0);
      if (used > 0) {
        runningList.push(
          running(`r${i}`, g.tie ? "bg" : `p${g.owners[i % 48] ?? 0}`, [n.id], used, {
            model: n.model,
            acceleratorClass: n.acceleratorClass,
            startedAt: (i * 97) % NOW,
            timeLimitSeconds: 3600 + ((i * 131) % 7200),
            preemptible: i % 3 === 0,
          }),
        );
      }
    });
    const pend: PendingWorkload[] = g.pend.map((p, i) =>
      pending(`w${i}`, `p${p.q}`, p.n, {
        request: p.req,
        priorityTier: p.tier,
        submittedAt: g.tie ? 0 : p.submit,
        timeLimitSeconds: p.limit,
        preemptible: p.preemptible,
        ...(p.perNode !== null ? { acceleratorsPerNode: p.perNode } : {}),
      }),
    );
    const snap = snapshot({ nodes, queues, running: runningList, pending: pend });
    // Some nodes are drained: nothing new may land there.
    return { ...snap, nodes: snap.nodes.map((n, i) => (g.drained[i % 48] && i % 5 === 0 ? { ...n, schedulable: false } : n)) };
  });

const policies: SchedulerPolicy[] = [highwayPolicy(), slurmPolicy(), highwayPolicy({ podWaitSeconds: 0, reservations: 0 })];
const arbPolicy = fc.constantFrom(...policies);

describe("schedule: properties", () => {
  it("never places more accelerators on a node than it has free, nor on unschedulable nodes", () => {
    fc.assert(
      fc.property(arbSnapshot, arbPolicy, (snap, policy) => {
        const d = schedule(snap, policy, NOW);
        const free = new Map(snap.nodes.map((n) => [n.id, n.free]));
        const used = new Map<string, number>();
        for (const p of d.placements) for (const n of p.nodes) used.set(n, (used.get(n) ?? 0) + p.acceleratorsPerNode);
        for (const [n, u] of used) expect(u, n).toBeLessThanOrEqual(free.get(n) ?? 0);
        const drained = new Set(snap.nodes.filter((n) => !n.schedulable).map((n) => n.id));
        for (const n of used.keys()) expect(drained.has(n), `${n} is drained`).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("places gangs all or nothing: every accelerator, the same count per node, one cluster and model", () => {
    fc.assert(
      fc.property(arbSnapshot, arbPolicy, (snap, policy) => {
        const d = schedule(snap, policy, NOW);
        const byId = new Map(snap.pending.map((w) => [w.id, w]));
        const nodeOf = new Map(snap.nodes.map((n) => [n.id, n]));
        const seen = new Set<string>();
        for (const p of d.placements) {
          const w = byId.get(p.workload)!;
          expect(seen.has(p.workload)).toBe(false);
          seen.add(p.workload);
          expect(p.nodes.length * p.acceleratorsPerNode).toBe(w.accelerators);
          if (w.acceleratorsPerNode !== undefined) expect(p.acceleratorsPerNode).toBe(w.acceleratorsPerNode);
          expect(new Set(p.nodes).size).toBe(p.nodes.length);
          for (const id of p.nodes) {
            expect(nodeOf.get(id)?.cluster).toBe(p.cluster);
            expect(nodeOf.get(id)?.model).toBe(p.model);
          }
        }
        for (const w of d.waiting) expect(seen.has(w.workload)).toBe(false);
        expect(d.placements.length + d.waiting.length).toBe(snap.pending.length);
      }),
      { numRuns: 300 },
    );
  });

  it("admits no queue past nominal + borrowing, so no cohort exceeds its quota plus borrowing limits", () => {
    fc.assert(
      fc.property(arbSnapshot, arbPolicy, (snap, policy) => {
        const d = schedule(snap, policy, NOW);
        const usage = new Map<string, number>();
        const key = (q: string, c: string) => `${q}/${c}`;
        for (const r of snap.running) usage.set(key(r.queue, r.acceleratorClass), (usage.get(key(r.queue, r.acceleratorClass)) ?? 0) + r.nodes.reduce((s, n) => s + n.accelerators, 0));
        const before = new Map(usage);
        const byId = new Map(snap.pending.map((w) => [w.id, w]));
        for (const p of d.placements) {
          const w = byId.get(p.workload)!;
          usage.set(key(w.queue, p.acceleratorClass), (usage.get(key(w.queue, p.acceleratorClass)) ?? 0) + w.accelerators);
        }
        const cohortUse = new Map<string, number>();
        const cohortLimit = new Map<string, number>();
        const cohortGrew = new Set<string>();
        for (const q of snap.queues) {
          if (!q.quotas) continue;
          for (const cls of ["hopper", "blackwell"]) {
            const quota = q.quotas[cls];
            const u = usage.get(key(q.id, cls)) ?? 0;
            const limit = quota ? quota.nominal + quota.borrowingLimit : 0;
            if (u > (before.get(key(q.id, cls)) ?? 0)) {
              expect(u, `${q.id} ${cls}`).toBeLessThanOrEqual(limit);
              cohortGrew.add(`${q.cohort}/${cls}`);
            }
            cohortUse.set(`${q.cohort}/${cls}`, (cohortUse.get(`${q.cohort}/${cls}`) ?? 0) + Math.min(u, limit));
            cohortLimit.set(`${q.cohort}/${cls}`, (cohortLimit.get(`${q.cohort}/${cls}`) ?? 0) + limit);
          }
        }
        for (const c of cohortGrew) expect(cohortUse.get(c) ?? 0).toBeLessThanOrEqual(cohortLimit.get(c) ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same input gives the same output, whatever the order of pending and queues", () => {
    fc.assert(
      fc.property(arbSnapshot, arbPolicy, fc.integer(), (snap, policy, salt) => {
        const a = schedule(snap, policy, NOW);
        const b = schedule(snap, policy, NOW);
        expect(b).toEqual(a);
        const shuffled: SchedulingSnapshot = { ...snap, pending: rotate(snap.pending, salt), queues: rotate(snap.queues, salt) };
        const c = schedule(shuffled, policy, NOW);
        expect(c.placements).toEqual(a.placements);
        expect(c.preemptions).toEqual(a.preemptions);
        const reasons = (x: typeof a) => Object.fromEntries(x.waiting.map((w) => [w.workload, w.reason]));
        expect(reasons(c)).toEqual(reasons(a));
      }),
      { numRuns: 200 },
    );
  });

  it("gives every waiting workload clauses whose English is its reason and whose Korean is complete", () => {
    fc.assert(
      fc.property(arbSnapshot, arbPolicy, (snap, policy) => {
        for (const w of schedule(snap, policy, NOW).waiting) {
          expect(w.clauses.length, w.reason).toBeGreaterThanOrEqual(1);
          expect(w.clauses.length, w.reason).toBeLessThanOrEqual(3);
          expect(waitingReasonText(w.clauses, "en")).toBe(w.reason);
          const ko = waitingReasonText(w.clauses, "ko");
          expect(ko).toMatch(/[\uac00-\ud7a3]/);
          expect(ko).not.toMatch(/undefined|null|NaN/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("preempts only running workloads past their minimum runtime that are borrowed or preemptible", () => {
    fc.assert(
      fc.property(arbSnapshot, (snap) => {
        const policy = highwayPolicy();
        const d = schedule(snap, policy, NOW);
        const byId = new Map(snap.running.map((r) => [r.id, r]));
        for (const p of d.preemptions) {
          const r = byId.get(p.workload)!;
          expect(NOW - r.startedAt).toBeGreaterThanOrEqual(policy.preemption.minRuntimeSeconds);
          const q = snap.queues.find((x) => x.id === r.queue)!;
          const borrowing = q.quotas !== undefined;
          expect(r.preemptible || borrowing).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function rotate<T>(list: readonly T[], salt: number): T[] {
  if (list.length === 0) return [];
  const k = Math.abs(salt) % list.length;
  const out = [...list.slice(k), ...list.slice(0, k)];
  return salt % 2 === 0 ? out.reverse() : out;
}
