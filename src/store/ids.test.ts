import { describe, expect, it } from "vitest";
import { isUuid, newId } from "./ids.js";

describe("newId", () => {
  it("makes distinct UUIDv7s across several refills of its random pool, ordered by their instant", () => {
    const at = new Date("2026-11-29T00:00:00.000Z");
    const ids = Array.from({ length: 1_000 }, () => newId(at));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe("7");
      expect("89ab").toContain(id[19]);
      expect(id.slice(0, 13).replace("-", "")).toBe(at.getTime().toString(16).padStart(12, "0"));
    }
    expect(newId(new Date(at.getTime() + 1)) > ids[0]!).toBe(true);
  });
});
