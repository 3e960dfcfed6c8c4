import { describe, expect, it } from "vitest";
import { RunningLists } from "./running-lists.js";
import { RunningTable } from "./running-table.js";
import { running } from "./scenario-fixtures.js";

type Run = readonly [id: string, partition: number, end: number, preemptible?: boolean];

/** Adds a row for a run on one node; returns its number. */
function add(t: RunningTable, [id, partition, end, preemptible]: Run): number {
  return t.add(running(id, "q", ["n"], 8, { startedAt: 0, timeLimitSeconds: end, preemptible: preemptible ?? false }), partition, [0], 8, 0, 0);
}

function table(runs: readonly Run[]): RunningTable {
  const t = new RunningTable();
  for (const run of runs) add(t, run);
  return t;
}

const ids = (t: RunningTable, rows: Iterable<number>) => [...rows].map((r) => t.idOf(r));

describe("RunningLists", () => {
  it("lists rows by partition and by end, ties by id, whether filled at once or row by row", () => {
    const runs: Run[] = [["c", 1, 300], ["a", 0, 200], ["b", 1, 200, true], ["d", 0, 100]];
    const atOnce = table(runs);
    const lists = new RunningLists(atOnce);
    lists.listAll(2);
    const t = table([]);
    const oneByOne = new RunningLists(t);
    for (const run of runs) oneByOne.list(add(t, run), run[0]);
    for (const [tab, l] of [[atOnce, lists], [t, oneByOne]] as const) {
      expect(ids(tab, l.byEnd())).toEqual(["d", "a", "b", "c"]);
      expect(ids(tab, l.inPartition(1))).toEqual(["c", "b"]);
      expect(l.preemptible).toBe(1);
    }
  });

  it("finds rows by id, refuses a second row with a running id, and forgets finished ones", () => {
    const t = table([["a", 0, 100], ["b", 0, 200, true]]);
    const lists = new RunningLists(t);
    lists.listAll(1);
    expect(lists.row("b")).toBe(1);
    expect(() => lists.list(add(t, ["a", 0, 100]), "a")).toThrow("workload a is already running");
    expect(lists.unlist("b")).toBe(1);
    t.kill(1);
    expect(lists.preemptible).toBe(0);
    expect(lists.row("b")).toBeUndefined();
    expect(() => lists.unlist("b")).toThrow("workload b is not running");
  });

  it("renumbers every list after the table compacts", () => {
    const t = table([["a", 0, 300], ["b", 0, 100], ["c", 1, 200]]);
    const lists = new RunningLists(t);
    lists.listAll(2);
    lists.row("a"); // builds the id index, which must be renumbered too
    lists.unlist("b");
    t.kill(1);
    lists.renumber(t.compact());
    expect(ids(t, lists.byEnd())).toEqual(["c", "a"]);
    expect(ids(t, lists.inPartition(0))).toEqual(["a"]);
    expect(lists.row("c")).toBe(1);
  });

  it("with lazy walks, orders only the rows of the asked partitions, by end", () => {
    const t = table([["x", 0, 50], ["a", 1, 300], ["b", 1, 100], ["c", 2, 200]]);
    const lists = new RunningLists(t);
    lists.listAll(3);
    lists.lazyWalks = true;
    expect(ids(t, lists.byEndIn([1, 2]))).toEqual(["b", "c", "a"]);
  });
});
