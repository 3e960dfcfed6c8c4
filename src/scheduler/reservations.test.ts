import { describe, expect, it } from "vitest";
import { FleetIndex } from "./fleet-index.js";
import { Reservations } from "./reservations.js";
import type { Hold } from "./reservations.js";
import { testNodes } from "./scenario-fixtures.js";

/** Two clusters of two 8-GPU nodes: node indexes 0-1 on cluster a, 2-3 on cluster b. */
function setup(): { index: FleetIndex; reservations: Reservations } {
  const index = new FleetIndex(testNodes({ cluster: "a", nodes: 2 }, { cluster: "b", nodes: 2 }));
  return { index, reservations: new Reservations(index) };
}

const hold = (workload: string, node: number, amount: number, madeAt = 0): Hold => ({ workload, node, amount, want: 8, shadow: 1000, madeAt });

describe("Reservations", () => {
  it("takes held accelerators from the free index and gives them back when dropped", () => {
    const { index, reservations } = setup();
    reservations.hold(hold("w1", 0, 6));
    reservations.hold(hold("w1", 1, 8));
    reservations.hold(hold("w2", 2, 3));
    expect([...index.free]).toEqual([2, 0, 5, 8]);
    expect(reservations.drop("w1").map((h) => h.node)).toEqual([0, 1]);
    expect([...index.free]).toEqual([8, 8, 5, 8]);
    expect(reservations.holds.map((h) => h.workload)).toEqual(["w2"]);
    expect(reservations.drop("none")).toEqual([]);
  });

  it("sums what reservations want per partition, and recomputes it after every hold and drop", () => {
    const { index, reservations } = setup();
    const a = index.partitionOf[0]!;
    const b = index.partitionOf[2]!;
    expect(reservations.wantedIn(a)).toBe(0);
    reservations.hold(hold("w1", 0, 0));
    reservations.hold(hold("w1", 1, 0));
    expect(reservations.wantedIn(a)).toBe(16);
    expect(reservations.wantedIn(b)).toBe(0);
    reservations.hold(hold("w2", 3, 0));
    expect(reservations.wantedIn(b)).toBe(8);
    reservations.drop("w1");
    expect(reservations.wantedIn(a)).toBe(0);
    expect(reservations.wantedIn(b)).toBe(8);
  });

  it("releases reservations past the refresh interval and those of workloads no longer waiting; keeps the rest", () => {
    const { index, reservations } = setup();
    reservations.hold(hold("old", 0, 4, 0));
    reservations.hold(hold("young", 1, 4, 50));
    reservations.hold(hold("gone", 2, 4, 50));
    const before = reservations.version;
    reservations.releaseStale(100, 60, (w) => w !== "gone");
    expect(reservations.holds.map((h) => h.workload)).toEqual(["young"]);
    expect([...index.free]).toEqual([8, 4, 8, 8]);
    expect(reservations.version).toBeGreaterThan(before);
  });

  it("counts the holds of reservations starting at or after a time, and recounts after every hold and drop", () => {
    const { reservations } = setup();
    const at = (workload: string, node: number, shadow: number): Hold => ({ workload, node, amount: 0, want: 8, shadow, madeAt: 0 });
    expect(reservations.countStartingFrom(0)).toBe(0);
    reservations.hold(at("w1", 0, 500));
    reservations.hold(at("w1", 1, 500));
    reservations.hold(at("w2", 2, 900));
    expect(reservations.countStartingFrom(0)).toBe(3);
    expect(reservations.countStartingFrom(500)).toBe(3);
    expect(reservations.countStartingFrom(501)).toBe(1);
    expect(reservations.countStartingFrom(900)).toBe(1);
    expect(reservations.countStartingFrom(901)).toBe(0);
    expect(reservations.holders()).toEqual(["w1", "w2"]);
    reservations.hold(at("w3", 3, 700));
    expect(reservations.countStartingFrom(600)).toBe(2);
    expect(reservations.holders()).toEqual(["w1", "w2", "w3"]);
    reservations.drop("w2");
    expect(reservations.countStartingFrom(600)).toBe(1);
    // The same as filtering the holds, which the cycle does when a probe runs.
    for (const t of [0, 500, 650, 700, 701]) expect(reservations.countStartingFrom(t)).toBe(reservations.holds.filter((h) => h.shadow >= t).length);
  });

  it("tops a reservation up in place with what was freed on its nodes, up to what each hold wants", () => {
    const { index, reservations } = setup();
    index.allocate(0, 8);
    index.allocate(1, 5);
    reservations.hold({ ...hold("w1", 0, 0), want: 4 });
    reservations.hold(hold("w1", 1, 3));
    reservations.hold(hold("w2", 2, 2));
    const before = reservations.version;
    expect(reservations.topUp("w1")).toBe(1000);
    expect(reservations.version).toBe(before);
    index.release(0, 6);
    index.release(1, 5);
    expect(reservations.topUp("w1")).toBe(1000);
    expect(reservations.holds.map((h) => [h.workload, h.node, h.amount])).toEqual([
      ["w1", 0, 4],
      ["w1", 1, 8],
      ["w2", 2, 2],
    ]);
    expect([...index.free]).toEqual([2, 0, 6, 8]);
    expect(reservations.version).toBeGreaterThan(before);
    // As dropping it and holding each node again at the most it wants.
    const again = setup();
    again.index.allocate(0, 2);
    again.reservations.hold({ ...hold("w1", 0, 4), want: 4 });
    again.reservations.hold(hold("w1", 1, 8));
    again.reservations.hold(hold("w2", 2, 2));
    expect([...again.index.free]).toEqual([...index.free]);
  });

  it("lists per partition the holds that hold any accelerators, and finds the first-made hold starting soonest", () => {
    const { index, reservations } = setup();
    const a = index.partitionOf[0]!;
    const b = index.partitionOf[2]!;
    const at = (workload: string, node: number, amount: number, shadow: number): Hold => ({ workload, node, amount, want: 8, shadow, madeAt: 0 });
    expect(reservations.liftsIn(a)).toEqual([]);
    expect(reservations.firstToStart()).toBeUndefined();
    reservations.hold(at("late", 0, 4, 900));
    reservations.hold(at("late", 1, 0, 900));
    reservations.hold(at("soon", 2, 3, 500));
    reservations.hold(at("also-soon", 3, 1, 500));
    expect(reservations.liftsIn(a).map((h) => h.node)).toEqual([0]);
    expect(reservations.liftsIn(b).map((h) => h.node)).toEqual([2, 3]);
    expect(reservations.firstToStart()?.workload).toBe("soon");
    reservations.drop("soon");
    expect(reservations.liftsIn(b).map((h) => h.node)).toEqual([3]);
    expect(reservations.firstToStart()?.workload).toBe("also-soon");
  });
});
