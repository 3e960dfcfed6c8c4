// Property tests: fast-check prints the seed and the shrunk counterexample on failure; replay with
// fc.assert(..., { seed, path }) as it suggests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FleetIndex } from "./fleet-index.js";
import { bestCounts, bestFreeOnNode, findPlacement, fitsWithLifts } from "./placement.js";
import type { Lift, LiftView } from "./placement.js";
import { admitted, buildPlan } from "./request-plan.js";
import { pending, testNodes } from "./scenario-fixtures.js";
import type { AcceleratorRequest } from "./types.js";

const NODES = 40;

interface TestLift extends Lift {
  readonly selected: boolean;
}

const arbCase = fc.record({
  hgxNodes: fc.integer({ min: 1, max: 16 }),
  gbNodes: fc.integer({ min: 0, max: 24 }),
  racksPerPod: fc.integer({ min: 1, max: 3 }),
  used: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: NODES, maxLength: NODES }),
  held: fc.array(fc.option(fc.integer({ min: 0, max: 8 })), { minLength: NODES, maxLength: NODES }),
  selected: fc.array(fc.boolean(), { minLength: NODES, maxLength: NODES }),
  drained: fc.array(fc.boolean(), { minLength: NODES, maxLength: NODES }),
  n: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constantFrom(12, 16, 24, 32, 40, 64)),
  perNode: fc.option(fc.constantFrom(1, 2, 4, 8)),
  request: fc.constantFrom<AcceleratorRequest>({ kind: "model", name: "h100" }, { kind: "class", name: "blackwell" }, { kind: "any-gpu" }, { kind: "model", name: "gb200" }),
  allowSpan: fc.boolean(),
});

describe("what-if counts with lifted holds", () => {
  it("fitsWithLifts, bestCounts and bestFreeOnNode answer as releasing the selected lifts would", () => {
    const seen = { fits: 0, blocked: 0, liftDecides: 0 };
    fc.assert(
      fc.property(arbCase, (g) => {
        const nodes = [
          ...testNodes({ cluster: "a", nodes: g.hgxNodes, nodesPerRack: 2, racksPerPod: g.racksPerPod }),
          ...(g.gbNodes > 0 ? testNodes({ cluster: "g", model: "gb200", nodes: g.gbNodes, acceleratorsPerNode: 4, nvlinkDomainNodes: 3, nodesPerRack: 3, racksPerPod: g.racksPerPod }) : []),
        ].map((n, i) => (g.drained[i % NODES] && i % 5 === 0 ? { ...n, schedulable: false } : n));
        const index = new FleetIndex(nodes);
        // Running work takes part of each node, a hold part of what is left; a drained node keeps
        // a hold made before it was drained (its release is ignored).
        const lifts: TestLift[] = [];
        nodes.forEach((_, i) => {
          const used = Math.min(index.free[i]!, g.used[i % NODES]!);
          if (used > 0) index.allocate(i, used);
          const held = g.held[i % NODES];
          if (held === null || held === undefined) return;
          const amount = index.schedulable[i] === 0 ? held : Math.min(index.free[i]!, held);
          if (index.schedulable[i] === 1 && amount > 0) index.allocate(i, amount);
          lifts.push({ node: i, amount, selected: g.selected[i % NODES]! });
        });
        const view: LiftView<TestLift> = { in: (p) => lifts.filter((l) => index.partitionOf[l.node] === p), counts: (l) => l.selected };
        const plan = buildPlan(index, pending("w", "q", g.n, { request: g.request, ...(g.perNode !== null ? { acceleratorsPerNode: g.perNode } : {}) }), "w", (cls) => ["hopper", "blackwell"].indexOf(cls));
        fc.pre(plan.neverFits === undefined);
        const admits = admitted(plan, (1 << plan.classes.length) - 1);
        const fitsNow = findPlacement(index, admits, g.allowSpan) !== undefined;
        const predicted = fitsWithLifts(index, admits, g.allowSpan, view);
        const counts = admits.candidates.map((c) => bestCounts(index, c.part, c.shape.perNode, view));
        const freeOnNode = admits.candidates.map((c) => bestFreeOnNode(index, c.part, view));

        for (const l of lifts) if (l.selected) index.release(l.node, l.amount);
        const fits = findPlacement(index, admits, g.allowSpan) !== undefined;
        expect(predicted).toBe(fits);
        expect(counts).toEqual(admits.candidates.map((c) => bestCounts(index, c.part, c.shape.perNode)));
        expect(freeOnNode).toEqual(admits.candidates.map((c) => bestFreeOnNode(index, c.part)));
        if (fits) seen.fits++;
        else seen.blocked++;
        if (fits !== fitsNow) seen.liftDecides++;
      }),
      { numRuns: 500 },
    );
    // Not vacuous: both answers occur, and often only because of the lifts.
    expect(seen.fits).toBeGreaterThan(50);
    expect(seen.blocked).toBeGreaterThan(50);
    expect(seen.liftDecides).toBeGreaterThan(25);
  });
});
