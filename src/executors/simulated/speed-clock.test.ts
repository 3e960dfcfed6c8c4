import { describe, expect, it } from "vitest";
import { SpeedClock } from "./speed-clock.js";

describe("SpeedClock", () => {
  it("makes one real second one simulated minute at speed 60", () => {
    let wall = 1_000_000;
    const start = new Date("2026-03-02T09:00:00Z");
    const clock = new SpeedClock({ speed: 60, start, wallMs: () => wall });
    expect(clock.now()).toEqual(start);
    wall += 1000;
    expect(clock.now()).toEqual(new Date("2026-03-02T09:01:00Z"));
    wall += 59_000;
    expect(clock.now()).toEqual(new Date("2026-03-02T10:00:00Z"));
  });

  it("starts at the wall clock's now when no start is given, and refuses a speed that is not positive", () => {
    let wall = Date.parse("2026-03-02T00:00:00Z");
    const clock = new SpeedClock({ speed: 2.5, wallMs: () => wall });
    wall += 2000;
    expect(clock.now()).toEqual(new Date("2026-03-02T00:00:05Z"));
    expect(() => new SpeedClock({ speed: 0 })).toThrow(RangeError);
    expect(() => new SpeedClock({ speed: Number.NaN })).toThrow(RangeError);
  });
});
