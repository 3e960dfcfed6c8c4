import { describe, expect, it, vi } from "vitest";
import { ActorCache } from "./actor-cache.js";

describe("ActorCache", () => {
  it("recalls an entry for a second and forgets it after", () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const cache = new ActorCache<string>();
      cache.remember("k", "v", cache.generation());
      expect(cache.recall("k")).toBe("v");
      vi.advanceTimersByTime(999);
      expect(cache.recall("k")).toBe("v");
      vi.advanceTimersByTime(1);
      expect(cache.recall("k")).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not remember a lookup that began before a change, and forgets everything on a change", () => {
    const cache = new ActorCache<string>();
    cache.remember("old", "v", cache.generation());
    const before = cache.generation();
    cache.forgetAll();
    expect(cache.recall("old")).toBeUndefined();
    cache.remember("k", "stale", before);
    expect(cache.recall("k")).toBeUndefined();
    cache.remember("k", "fresh", cache.generation());
    expect(cache.recall("k")).toBe("fresh");
  });
});
