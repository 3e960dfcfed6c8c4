import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HighwayError } from "../errors.js";
import { localizeError } from "../localized-error.js";
import { canReserve, creditBalance, release, reservationSeconds, reserve, settle, unreserved, type Balance } from "./reservation.js";

const balance = (grantedSeconds: bigint, usedSeconds = 0n, reservedSeconds = 0n): Balance => ({ grantedSeconds, usedSeconds, reservedSeconds });
const invalid = (field: string) => expect.objectContaining({ code: "METERING_INPUT_INVALID", violations: [expect.objectContaining({ field })] });

describe("reservationSeconds", () => {
  it.each([
    [8, 3_600, 28_800n],
    [1, 1, 1n],
    [2_048, 30 * 86_400, 5_308_416_000n],
  ])("%i accelerators for %i s reserve %s", (accelerators, limit, seconds) => {
    expect(reservationSeconds(accelerators, limit)).toBe(seconds);
  });

  it.each([
    ["accelerators", 0, 3_600],
    ["accelerators", 1.5, 3_600],
    ["timeLimitSeconds", 8, 0],
    ["timeLimitSeconds", 8, 60.5],
  ])("refuses a bad %s", (field, accelerators, limit) => {
    expect(() => reservationSeconds(accelerators, limit)).toThrow(invalid(field));
  });
});

describe("unreserved, canReserve and reserve", () => {
  it.each([
    { b: balance(100n), seconds: 100n, unreserved: 100n, fits: true },
    { b: balance(100n, 30n, 50n), seconds: 20n, unreserved: 20n, fits: true },
    { b: balance(100n, 30n, 50n), seconds: 21n, unreserved: 20n, fits: false },
    { b: balance(100n, 120n, 0n), seconds: 0n, unreserved: -20n, fits: false }, // an overrun leaves nothing, not even zero
  ])("$b with $seconds more: fits = $fits", ({ b, seconds, unreserved: left, fits }) => {
    expect(unreserved(b)).toBe(left);
    expect(canReserve(b, seconds)).toBe(fits);
    if (fits) expect(reserve(b, seconds)).toEqual({ ...b, reservedSeconds: b.reservedSeconds + seconds });
    else expect(() => reserve(b, seconds)).toThrow(expect.objectContaining({ code: "METERING_BALANCE_INSUFFICIENT", status: 409 }));
  });

  it("refuses a negative reservation", () => {
    expect(() => reserve(balance(100n), -1n)).toThrow(invalid("seconds"));
  });

  it("says in Korean how much is needed and how much is free", () => {
    let error: unknown;
    try {
      reserve(balance(100n, 30n, 50n), 21n);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HighwayError);
    expect(localizeError(error as HighwayError, "ko").detail).toBe("21 가속기·초가 필요하지만 예약되지 않은 양은 20 가속기·초입니다.");
    expect(localizeError(error as HighwayError, "en").detail).toBe("Needs 21 accelerator-seconds; 20 are unreserved.");
  });
});

describe("settle, release and creditBalance", () => {
  it.each([
    { name: "within the run's reservation", b: balance(1_000n, 0n, 600n), run: 500n, metered: 300n, after: balance(1_000n, 300n, 300n), runAfter: 200n },
    { name: "past the run's reservation", b: balance(1_000n, 0n, 600n), run: 100n, metered: 300n, after: balance(1_000n, 300n, 500n), runAfter: 0n },
    { name: "with nothing metered", b: balance(1_000n, 0n, 600n), run: 100n, metered: 0n, after: balance(1_000n, 0n, 600n), runAfter: 100n },
  ])("moves use out of the reservation $name", ({ b, run, metered, after, runAfter }) => {
    expect(settle(b, run, metered)).toEqual({ balance: after, runReservedSeconds: runAfter });
  });

  it.each([
    ["runReservedSeconds", () => settle(balance(1_000n, 0n, 100n), 101n, 10n)],
    ["meteredSeconds", () => settle(balance(1_000n, 0n, 100n), 10n, -1n)],
    ["runReservedSeconds", () => release(balance(1_000n, 0n, 100n), 101n)],
    ["creditedSeconds", () => creditBalance(balance(1_000n, 50n), 51n)],
  ])("refuses books that disagree (%s)", (field, call) => {
    expect(call).toThrow(invalid(field));
  });

  it("returns the rest of a reservation and credited use", () => {
    expect(release(balance(1_000n, 300n, 500n), 200n)).toEqual(balance(1_000n, 300n, 300n));
    expect(creditBalance(balance(1_000n, 300n, 0n), 300n)).toEqual(balance(1_000n, 0n, 0n));
  });

  // Runs of 1-16 accelerators and 1-100 s limits, each metered in steps; some overrun by up to 10 %.
  const run = fc.record({
    accelerators: fc.integer({ min: 1, max: 16 }),
    limit: fc.integer({ min: 1, max: 100 }),
    stepShares: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 5 }),
    overrunPercent: fc.constantFrom(0, 0, 0, 5, 10),
  });

  it("never books more than was granted while runs keep their limits; ends with exactly the metered use", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 20_000n }), fc.array(run, { maxLength: 12 }), (granted, runs) => {
        let b = balance(granted);
        const held: { reserved: bigint; steps: bigint[] }[] = [];
        let metered = 0n;
        for (const r of runs) {
          const seconds = reservationSeconds(r.accelerators, r.limit);
          if (!canReserve(b, seconds)) continue;
          b = reserve(b, seconds);
          expect(b.reservedSeconds).toBeLessThanOrEqual(granted);
          // Steps that add up to at most the reservation, plus the overrun.
          const total = (seconds * BigInt(100 + r.overrunPercent)) / 100n;
          const shares = r.stepShares;
          const weight = BigInt(shares.reduce((t, s) => t + s, 0)) || 1n;
          held.push({ reserved: seconds, steps: shares.map((s) => (total * BigInt(s)) / weight) });
        }
        const noOverrun = runs.every((r) => r.overrunPercent === 0);
        for (let step = 0; held.some((h) => step < h.steps.length); step++) {
          for (const h of held) {
            const m = h.steps[step];
            if (m === undefined) continue;
            const s = settle(b, h.reserved, m);
            b = s.balance;
            h.reserved = s.runReservedSeconds;
            metered += m;
            if (noOverrun) expect(b.usedSeconds + b.reservedSeconds).toBeLessThanOrEqual(granted);
          }
        }
        for (const h of held) b = release(b, h.reserved);
        expect(b).toEqual(balance(granted, metered, 0n));
      }),
    );
  });
});
