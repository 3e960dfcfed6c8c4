import { describe, expect, it, vi } from "vitest";
import type { Store } from "../store/store.js";
import { forgetCached, RecentCache } from "./recent-cache.js";

describe("RecentCache", () => {
  it("recalls an entry for its TTL and forgets it after", () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const cache = new RecentCache<string>(null, 1_000);
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
    const cache = new RecentCache<string>(null);
    cache.remember("old", "v", cache.generation());
    const before = cache.generation();
    cache.forgetAll();
    expect(cache.recall("old")).toBeUndefined();
    cache.remember("k", "stale", before);
    expect(cache.recall("k")).toBeUndefined();
    cache.remember("k", "fresh", cache.generation());
    expect(cache.recall("k")).toBe("fresh");
  });

  it("forgets every cache of a store, and only of that store", () => {
    const one = {} as Store;
    const other = {} as Store;
    const a = new RecentCache<string>(one);
    const b = new RecentCache<string>(one);
    const c = new RecentCache<string>(other);
    for (const cache of [a, b, c]) cache.remember("k", "v", cache.generation());
    forgetCached(one);
    expect([a.recall("k"), b.recall("k"), c.recall("k")]).toEqual([undefined, undefined, "v"]);
  });
});
