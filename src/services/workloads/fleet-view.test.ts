import { describe, expect, it } from "vitest";
import { ManualClock } from "../../domain/clock.js";
import type { FleetFile } from "../../domain/fleet.js";
import type { FleetRegistry } from "../fleet/fleet-registry.js";
import { FleetViewCache } from "./fleet-view.js";

const FLEET = {
  name: "tiny",
  acceleratorModels: { h100: { class: "hopper", kind: "gpu", refPriceKrwPerHour: "3000" } },
  sites: [{ id: "s1", operator: "op", clusters: [{ id: "c1", pools: [{ model: "h100", nodes: 2, acceleratorsPerNode: 8 }] }] }],
} as unknown as FleetFile;

/** A registry that serves whatever fleet the test sets (the cache's own logic is what is tested). */
function registryOf(current: { fleet: FleetFile }): FleetRegistry {
  return { currentFleet: async () => structuredClone(current.fleet) } as unknown as FleetRegistry;
}

describe("FleetViewCache", () => {
  it("keeps the same view when the registry's fleet is read again unchanged, and makes a new one when it changed", async () => {
    const clock = new ManualClock(new Date("2026-11-29T00:00:00Z"));
    const current = { fleet: FLEET };
    const cache = new FleetViewCache(registryOf(current), clock, 1000);
    const first = await cache.get();
    clock.advance(5000);
    expect(await cache.get()).toBe(first);
    current.fleet = { ...FLEET, name: "tiny-2" } as FleetFile;
    clock.advance(5000);
    const changed = await cache.get();
    expect(changed).not.toBe(first);
    expect(changed.fleet?.name).toBe("tiny-2");
    cache.invalidate();
    expect(await cache.get()).not.toBe(changed);
  });
});
