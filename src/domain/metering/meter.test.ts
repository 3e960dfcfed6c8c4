import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageByClass } from "../programs/usage.js";
import { runIdOf, type LedgerEntry } from "./ledger.js";
import { creditFor, meterInterval } from "./meter.js";
import { seoulMonthOf } from "./seoul-month.js";
import { meteringInputArb, meteringInputFixture, runFixture } from "./testfixtures.js";

const sum = (entries: readonly LedgerEntry[], field: "acceleratorSeconds" | "krw" | "coPayKrw" | "governmentKrw") => entries.reduce((t, e) => t + e[field], 0n);

describe("runIdOf", () => {
  it("joins the workload id and the attempt", () => {
    expect(runIdOf("0b5e6f3a", 2)).toBe("0b5e6f3a.2");
  });
});

describe("meterInterval", () => {
  it("meters five minutes of 8 H100 inside one month as one entry with exactly the run's identity", () => {
    // 2,400 accelerator-seconds at 3,500 won an hour is 2,333.33 won: 2,333; 20 % is 466.6: 467.
    expect(meterInterval(meteringInputFixture())).toEqual([
      {
        kind: "usage",
        ...runFixture(),
        accelerators: 8,
        startedAt: "2026-04-10T00:00:00.000Z",
        endedAt: "2026-04-10T00:05:00.000Z",
        acceleratorSeconds: 2_400n,
        pricePerHourKrw: 3_500n,
        krw: 2_333n,
        coPayKrw: 467n,
        governmentKrw: 1_866n,
      },
    ]);
  });

  it.each([
    {
      name: "splits at 00:00 KST on 1 April and values each side on its own",
      from: "2026-03-31T14:55:00Z",
      to: "2026-03-31T15:05:00Z",
      pieces: [
        { startedAt: "2026-03-31T14:55:00.000Z", endedAt: "2026-03-31T15:00:00.000Z", acceleratorSeconds: 2_400n, krw: 2_333n },
        { startedAt: "2026-03-31T15:00:00.000Z", endedAt: "2026-03-31T15:05:00.000Z", acceleratorSeconds: 2_400n, krw: 2_333n },
      ],
    },
    {
      name: "keeps a UTC month end inside the Seoul month (00:00 UTC on 1 April is 09:00 KST)",
      from: "2026-03-31T23:55:00Z",
      to: "2026-04-01T00:05:00Z",
      pieces: [{ startedAt: "2026-03-31T23:55:00.000Z", endedAt: "2026-04-01T00:05:00.000Z", acceleratorSeconds: 4_800n, krw: 4_667n }],
    },
    {
      name: "rounds half a won up",
      from: "2026-04-10T00:00:00Z",
      to: "2026-04-10T00:00:09Z", // 72 accelerator-seconds at 25 won an hour: 0.5 won
      price: 25n,
      pieces: [{ startedAt: "2026-04-10T00:00:00.000Z", endedAt: "2026-04-10T00:00:09.000Z", acceleratorSeconds: 72n, krw: 1n }],
    },
  ])("$name", ({ from, to, price, pieces }) => {
    const entries = meterInterval(meteringInputFixture({ from, to, pricePerHourKrw: price ?? 3_500n }));
    expect(entries.map(({ startedAt, endedAt, acceleratorSeconds, krw }) => ({ startedAt, endedAt, acceleratorSeconds, krw }))).toEqual(pieces);
  });

  it("appends nothing for an empty interval", () => {
    expect(meterInterval(meteringInputFixture({ to: "2026-04-10T00:00:00Z" }))).toEqual([]);
  });

  it.each([
    { field: "from", input: { from: "2026-04-10T00:00:00.500Z" } },
    { field: "to", input: { to: "2026-04-10T00:05:00.001Z" } },
    { field: "to", input: { to: "2026-04-09T23:59:59Z" } },
    { field: "from", input: { from: "2026-04-10 00:00:00" } },
    { field: "accelerators", input: { accelerators: 0 } },
    { field: "accelerators", input: { accelerators: 1.5 } },
    { field: "pricePerHourKrw", input: { pricePerHourKrw: -1n } },
    { field: "coPayBp", input: { coPayBp: 10_001 } },
    { field: "coPayBp", input: { coPayBp: 12.5 } },
  ])("refuses a bad $field ($input)", ({ field, input }) => {
    expect(() => meterInterval(meteringInputFixture(input))).toThrow(expect.objectContaining({ code: "METERING_INPUT_INVALID", violations: [expect.objectContaining({ field })] }));
  });

  it("meters accelerators x seconds in total, every entry inside one Seoul month, krw = co-pay + government", () => {
    fc.assert(
      fc.property(meteringInputArb, (input) => {
        const entries = meterInterval(input);
        const seconds = (Date.parse(input.to) - Date.parse(input.from)) / 1000;
        expect(sum(entries, "acceleratorSeconds")).toBe(BigInt(input.accelerators) * BigInt(seconds));
        if (seconds === 0) expect(entries).toEqual([]);
        const months = entries.map((e) => seoulMonthOf(e.startedAt));
        expect(new Set(months).size).toBe(entries.length); // one entry per month
        for (const e of entries) {
          expect(seoulMonthOf(new Date(Date.parse(e.endedAt) - 1000).toISOString())).toBe(seoulMonthOf(e.startedAt));
          expect(e.krw).toBe(e.coPayKrw + e.governmentKrw);
          expect(e.coPayKrw).toBeGreaterThanOrEqual(0n);
          expect(e.governmentKrw).toBeGreaterThanOrEqual(0n);
          expect(e.acceleratorSeconds).toBe(BigInt(input.accelerators) * BigInt((Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 1000));
        }
      }),
    );
  });
});

describe("creditFor", () => {
  it("mirrors each usage entry as a credit with the same interval and amounts", () => {
    const usage = meterInterval(meteringInputFixture({ from: "2026-03-31T14:55:00Z", to: "2026-03-31T15:05:00Z" }));
    expect(creditFor(usage)).toEqual(usage.map((e) => ({ ...e, kind: "credit" })));
  });

  it("does not credit usage twice, even when the ledger wrote the instant differently", () => {
    const usage = meterInterval(meteringInputFixture());
    const credited = { ...usage[0]!, kind: "credit" as const, startedAt: "2026-04-10T00:00:00Z" };
    expect(creditFor([...usage, credited])).toEqual([]);
  });

  it("credits usage of another run or interval that no credit matches", () => {
    const first = meterInterval(meteringInputFixture());
    const second = meterInterval(meteringInputFixture({ from: "2026-04-10T00:05:00Z", to: "2026-04-10T00:10:00Z" }));
    const otherRun = meterInterval(meteringInputFixture({ runId: "0b5e6f3a-1d2c-4e5f-8a9b-0c1d2e3f4a5b.2" }));
    expect(creditFor([...first, ...second, ...otherRun, ...creditFor(first)])).toEqual([...second, ...otherRun].map((e) => ({ ...e, kind: "credit" })));
  });

  it("cancels a run's usage exactly, month by month, and credits nothing twice", () => {
    fc.assert(
      fc.property(fc.array(meteringInputArb, { maxLength: 4 }), (inputs) => {
        const usage = inputs.flatMap(meterInterval);
        const credits = creditFor(usage);
        expect(credits).toHaveLength(usage.length);
        expect(credits.every((c) => c.kind === "credit")).toBe(true);
        const byMonth = (entries: readonly LedgerEntry[], field: "acceleratorSeconds" | "krw" | "coPayKrw" | "governmentKrw") => {
          const totals = new Map<string, bigint>();
          for (const e of entries) totals.set(seoulMonthOf(e.startedAt), (totals.get(seoulMonthOf(e.startedAt)) ?? 0n) + e[field]);
          return totals;
        };
        for (const field of ["acceleratorSeconds", "krw", "coPayKrw", "governmentKrw"] as const) expect(byMonth(credits, field)).toEqual(byMonth(usage, field));
        expect(creditFor([...usage, ...credits])).toEqual([]);
      }),
    );
  });
});

describe("ledger entries in the programs domain", () => {
  it("are usage entries that usageByClass reads as they are", () => {
    const usage = meterInterval(meteringInputFixture({ from: "2026-03-31T14:55:00Z", to: "2026-03-31T15:05:00Z" }));
    expect(usageByClass(usage)).toEqual({ hopper: { acceleratorSeconds: 4_800n, krw: 4_666n } });
  });
});
