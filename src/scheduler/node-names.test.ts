import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FleetIndex } from "./fleet-index.js";
import { NodeNames } from "./node-names.js";
import { testNodes } from "./scenario-fixtures.js";

describe("NodeNames", () => {
  it("finds every node by its name, and nothing for other names", () => {
    // Names built from parts (as a fleet's are) and Korean ones; none of the misses is a node.
    const names = [...Array.from({ length: 3000 }, (_, i) => `cl-${i % 7}-n${String(i).padStart(5, "0")}`), "대전-a-노드1", "대전-a-노드2"];
    const table = new NodeNames(names);
    expect(table.size).toBe(names.length);
    names.forEach((name, i) => expect(table.get(name)).toBe(i));
    // Equal text in another string object is the same name.
    expect(table.get(["cl-3", "n00010"].join("-"))).toBe(10);
    for (const miss of ["", "cl-0-n00000 ", "cl-0-n0000", "대전-a-노드3", "CL-0-N00000"]) expect(table.get(miss)).toBeUndefined();
  });

  it("refuses a name given twice", () => {
    expect(() => new NodeNames(["a", "b", "c", "b"])).toThrow("node b appears twice in the snapshot");
  });

  it("agrees with a Map on any set of names and lookups", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 200 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (names, probes) => {
        const table = new NodeNames(names);
        const map = new Map(names.map((n, i) => [n, i]));
        for (const p of [...names, ...probes]) expect(table.get(p)).toBe(map.get(p));
      }),
    );
  });

  it("is the fleet index's lookup, which refuses a snapshot naming a node twice", () => {
    const nodes = testNodes({ cluster: "a", nodes: 3 });
    const index = new FleetIndex(nodes);
    expect(index.nodeByName.get(nodes[2]!.id)).toBe(2);
    expect(() => new FleetIndex([...nodes, { ...nodes[1]!, cluster: "b" }])).toThrow(`node ${nodes[1]!.id} appears twice in the snapshot`);
  });
});
