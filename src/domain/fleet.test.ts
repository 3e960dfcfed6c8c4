import { describe, expect, it } from "vitest";
import national from "../../fixtures/fleet/national-260k.json" with { type: "json" };
import philly from "../../fixtures/fleet/philly-512.json" with { type: "json" };
import { classReferencePrice, expandFleet, parseFleet } from "./fleet.js";

describe("fleet file", () => {
  it("expands philly-512 into 64 nodes of 8 P100 with 4-node racks and 16-node pods", () => {
    const nodes = expandFleet(parseFleet(philly));
    expect(nodes).toHaveLength(64);
    expect(nodes[0]).toMatchObject({ id: "philly-a-n00001", cluster: "philly-a", accelerators: 8, acceleratorClass: "pascal" });
    expect(nodes[15]?.pod).toBe(nodes[0]?.pod);
    expect(nodes[16]?.pod).not.toBe(nodes[15]?.pod);
    expect(nodes[4]?.rack).not.toBe(nodes[3]?.rack);
    expect(new Set(nodes.map((n) => n.nvlinkDomain)).size).toBe(64);
  });

  it("expands the national fleet to its stated totals with NVL72 domains of 18 trays", () => {
    const fleet = parseFleet(national);
    const nodes = expandFleet(fleet);
    expect(nodes).toHaveLength(51_071);
    const gpus = nodes.filter((n) => n.acceleratorClass !== "npu").reduce((s, n) => s + n.accelerators, 0);
    expect(gpus).toBe(260_000);
    const gb = nodes.filter((n) => n.cluster === "nacc-gwangju-a");
    expect(gb[17]?.nvlinkDomain).toBe(gb[0]?.nvlinkDomain);
    expect(gb[18]?.nvlinkDomain).not.toBe(gb[17]?.nvlinkDomain);
    // 8 racks of 18 nodes per pod: node 143 is in pod 0, node 144 in pod 1.
    expect(gb[143]?.pod).toBe(gb[0]?.pod);
    expect(gb[144]?.pod).toBe("nacc-gwangju-a/p0/pod001");
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(classReferencePrice(fleet, "blackwell")).toBe(8000);
  });

  it("rejects unknown models and totals that do not add up", () => {
    const bad = structuredClone(philly) as typeof philly;
    bad.totals.gpus = 513;
    expect(() => parseFleet(bad)).toThrow(/totals say 513 GPUs/);
    const unknown = structuredClone(philly) as typeof philly;
    (unknown.sites[0]!.clusters[0]!.pools[0] as { model: string }).model = "v100";
    expect(() => parseFleet(unknown)).toThrow(/unknown model v100/);
  });
});
