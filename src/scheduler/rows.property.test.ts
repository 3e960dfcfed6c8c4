// Property tests of the row structures under the scheduler: the lazy orders equal a full sort,
// and compaction keeps every live row's data in order. fast-check prints seed and path on failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ascendingByKey } from "./lazy-sort.js";
import { PendingBook } from "./pending-book.js";
import { DONE, PREEMPTIBLE, RunningTable } from "./running-table.js";
import { sortInQueueOrder } from "./sort-in-queue-order.js";
import type { PendingWorkload, RunningWorkload } from "./types.js";

describe("ascendingByKey", () => {
  it("yields the order of a full sort by (key, tie), however far it is read", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), fc.nat({ max: 70 }), (keys, take) => {
        const key = Float64Array.from(keys);
        const ids = keys.map((_, i) => `w${(i * 7) % 61}-${i}`);
        const tie = (a: number, b: number): number => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
        const all = keys.map((_, i) => i);
        const sorted = [...all].sort((a, b) => key[a]! - key[b]! || tie(a, b));
        const got: number[] = [];
        for (const i of ascendingByKey(Int32Array.from(all), key, tie)) {
          if (got.length === take) break;
          got.push(i);
        }
        expect(got).toEqual(sorted.slice(0, take));
      }),
    );
  });
});

describe("sortInQueueOrder", () => {
  it("gives the order of the native sort with the queue comparator, duplicates and runs in order included", () => {
    const entry = fc.record({ tier: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 5 }), id: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), fc.boolean(), (entries, presorted) => {
        const tier = Float64Array.from(entries, (e) => e.tier);
        const at = Float64Array.from(entries, (e) => e.at);
        const ids = entries.map((e) => `w${e.id}`);
        const tie = (a: number, b: number): number => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
        const cmp = (a: number, b: number): number => tier[b]! - tier[a]! || at[a]! - at[b]! || tie(a, b);
        const rows = Int32Array.from(entries, (_, i) => i);
        if (presorted) rows.sort(cmp);
        const expected = Int32Array.from(rows).sort(cmp);
        sortInQueueOrder(rows, tier, at, ids, new Int32Array(rows.length + 1), new Int32Array(rows.length));
        expect([...rows]).toEqual([...expected]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("RunningTable", () => {
  it("keeps live rows, their nodes and flags in order through compaction", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ nodes: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 4 }), dead: fc.boolean() }), { maxLength: 3000 }), (rows) => {
        const t = new RunningTable();
        const ws: RunningWorkload[] = rows.map((r, i) => ({
          id: `r${i}`,
          queue: "q",
          acceleratorClass: "hopper",
          model: "h100",
          nodes: r.nodes.map((n) => ({ node: `n${n}`, accelerators: 1 + (n % 8) })),
          startedAt: i,
          timeLimitSeconds: 10,
          priorityTier: i % 3,
          preemptible: i % 2 === 0,
        }));
        ws.forEach((w, i) => t.add(w, i % 5, rows[i]!.nodes, w.nodes.length, i % 7, i % 3));
        rows.forEach((r, i) => r.dead && t.kill(i));
        const live = ws.filter((_, i) => !rows[i]!.dead);
        const map = t.compact();
        expect(t.rows).toBe(live.length);
        expect(Array.from(map).filter((x) => x >= 0)).toEqual(live.map((_, i) => i));
        live.forEach((w, r) => {
          const i = Number(w.id.slice(1));
          expect(t.src[r]).toBe(w);
          expect([t.qi[r], t.ci[r]]).toEqual([i % 7, i % 3]);
          expect(t.partition[r]).toBe(i % 5);
          expect(t.end[r]).toBe(i + 10);
          expect(t.flags[r]! & (DONE | PREEMPTIBLE)).toBe(w.preemptible ? PREEMPTIBLE : 0);
          expect(Array.from(t.nodes.subarray(t.first[r]!, t.first[r]! + t.count[r]!))).toEqual(rows[i]!.nodes);
          expect(Array.from(t.perNode.subarray(t.first[r]!, t.first[r]! + t.count[r]!))).toEqual(w.nodes.map((s) => s.accelerators));
        });
      }),
      { numRuns: 50 },
    );
  });
});

describe("PendingBook", () => {
  it("keeps each queue in (tier desc, submission, id) order through adds, removals and compaction", () => {
    const arbWorkload = fc.record({ q: fc.integer({ min: 0, max: 3 }), tier: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 5 }), req: fc.integer({ min: 0, max: 4 }) });
    const requests: PendingWorkload["request"][] = [{ kind: "any-gpu" }, { kind: "model", name: "h100" }, { kind: "class", name: "h100" }, { kind: "model", name: "b200" }, { kind: "class", name: "hopper" }];
    fc.assert(
      fc.property(fc.array(arbWorkload, { maxLength: 200, size: "max" }), fc.array(arbWorkload, { maxLength: 200, size: "max" }), fc.array(fc.nat({ max: 2 }).map((x) => x > 0), { maxLength: 400, size: "max" }), (first, later, removed) => {
        const queues: string[] = [];
        const book = new PendingBook((q) => (queues.includes(q) ? queues.indexOf(q) : queues.push(q) - 1));
        const make = (x: { q: number; tier: number; at: number; req: number }, i: number): PendingWorkload => ({
          id: `p${(i * 37) % 401}-${i}`,
          queue: `q${x.q}`,
          // A fresh object each time: target numbers go by kind and name, not by identity.
          request: { ...requests[x.req]! },
          accelerators: 1,
          timeLimitSeconds: 60 + i,
          priorityTier: x.tier,
          submittedAt: x.at,
          preemptible: i % 3 === 0,
        });
        const ws = [...first, ...later].map(make);
        book.addAll(ws.slice(0, first.length));
        ws.slice(first.length).forEach((w, i) => (i % 2 === 0 ? book.add(w) : book.addAll([w])));
        const gone = new Set(ws.filter((_, i) => removed[i] === true).map((w) => w.id));
        for (const id of gone) book.remove(id);
        book.compactIfDue();
        expect(book.size).toBe(ws.length - gone.size);
        const expected = new Map<string, string[]>();
        for (const w of [...ws].filter((w) => !gone.has(w.id)).sort((a, b) => b.priorityTier - a.priorityTier || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : 1))) {
          expected.set(w.queue, [...(expected.get(w.queue) ?? []), w.id]);
        }
        const got = new Map<string, string[]>();
        for (const [q, rows] of book.rawByQueue()) {
          const ids = rows.filter((r) => book.live[r] === 1).map((r) => book.id[r]!);
          if (ids.length > 0) got.set(q, ids);
        }
        expect(new Map([...got].sort())).toEqual(new Map([...expected].sort()));
        for (const w of ws) expect(book.get(w.id)).toBe(gone.has(w.id) ? undefined : w);
        // Each live row's columns are its workload's; rows share a target number exactly when they ask
        // for the same kind and name.
        const targetOf = new Map<string, number>();
        const requestOf = new Map<number, string>();
        for (let r = 0; r < book.rows; r++) {
          if (book.live[r] !== 1) continue;
          const w = book.w[r]!;
          expect([book.id[r], book.tier[r], book.at[r], book.n[r], book.limit[r], book.preemptible[r], book.qi[r]]).toEqual([
            w.id,
            w.priorityTier,
            w.submittedAt,
            w.accelerators,
            w.timeLimitSeconds,
            w.preemptible ? 1 : 0,
            queues.indexOf(w.queue),
          ]);
          const req = w.request;
          const name = req.kind === "any-gpu" ? req.kind : `${req.kind}:${req.name}`;
          expect(targetOf.get(name) ?? book.target[r]).toBe(book.target[r]);
          expect(requestOf.get(book.target[r]!) ?? name).toBe(name);
          targetOf.set(name, book.target[r]!);
          requestOf.set(book.target[r]!, name);
        }
      }),
    );
  });
});
