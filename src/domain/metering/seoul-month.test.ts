import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHighwayError } from "../errors.js";
import { instantMs, instantText } from "./instant.js";
import { seoulMonthOf, seoulMonthRange, splitAtSeoulMonthEnds } from "./seoul-month.js";

describe("instantMs", () => {
  it.each([
    ["2026-03-31T15:00:00Z", Date.UTC(2026, 2, 31, 15)],
    ["2026-03-31T15:00:00.250Z", Date.UTC(2026, 2, 31, 15, 0, 0, 250)],
    ["2028-02-29T00:00:00Z", Date.UTC(2028, 1, 29)],
  ])("reads %s", (text, ms) => {
    expect(instantMs(text, "at")).toBe(ms);
  });

  it.each([
    "2026-02-30T00:00:00Z", // Date.parse would roll it over to 2 March
    "2026-01-01T24:00:00Z",
    "2026-01-01T09:00:00+09:00", // a local time: the ledger speaks UTC only
    "2026-01-01T00:00:00",
    "2026-01-01",
    "2026-01-01T00:00:00.0001Z",
    "April 1, 2026",
    "",
  ])("refuses %j with METERING_INPUT_INVALID naming the field", (text) => {
    expect(() => instantMs(text, "from")).toThrow(expect.objectContaining({ code: "METERING_INPUT_INVALID", violations: [expect.objectContaining({ field: "from" })] }));
  });
});

describe("seoulMonthOf", () => {
  it.each([
    ["2026-03-31T14:59:59Z", "2026-03"], // 23:59:59 KST on 31 March
    ["2026-03-31T15:00:00Z", "2026-04"], // 00:00 KST on 1 April
    ["2025-12-31T15:00:00Z", "2026-01"], // the year turns in Seoul first
    ["2026-01-31T23:00:00Z", "2026-02"],
    ["2028-02-28T15:00:00Z", "2028-02"], // 29 February KST, a leap year
    ["2028-02-29T15:00:00Z", "2028-03"],
  ])("%s is in %s", (instant, month) => {
    expect(seoulMonthOf(instant)).toBe(month);
  });
});

describe("seoulMonthRange", () => {
  it.each([
    ["2026-04", "2026-03-31T15:00:00.000Z", "2026-04-30T15:00:00.000Z"],
    ["2026-01", "2025-12-31T15:00:00.000Z", "2026-01-31T15:00:00.000Z"],
    ["2026-12", "2026-11-30T15:00:00.000Z", "2026-12-31T15:00:00.000Z"],
    ["2028-02", "2028-01-31T15:00:00.000Z", "2028-02-29T15:00:00.000Z"],
    ["2100-02", "2100-01-31T15:00:00.000Z", "2100-02-28T15:00:00.000Z"], // 2100 is no leap year
    ["0050-03", "0050-02-28T15:00:00.000Z", "0050-03-31T15:00:00.000Z"], // not read as 1950
  ])("%s is [%s, %s)", (month, from, to) => {
    expect(seoulMonthRange(month)).toEqual({ from, to });
  });

  it.each(["2026-13", "2026-00", "2026-4", "26-04", "2026/04", "2026-04-01", ""])("refuses %j", (month) => {
    expect(() => seoulMonthRange(month)).toThrow(expect.objectContaining({ code: "METERING_INPUT_INVALID" }));
  });
});

describe("splitAtSeoulMonthEnds", () => {
  it.each([
    {
      name: "inside one month",
      from: "2026-04-10T00:00:00Z",
      to: "2026-04-10T00:05:00Z",
      pieces: [["2026-04-10T00:00:00.000Z", "2026-04-10T00:05:00.000Z"]],
    },
    {
      name: "across one boundary",
      from: "2026-03-31T14:55:00Z",
      to: "2026-03-31T15:05:00Z",
      pieces: [
        ["2026-03-31T14:55:00.000Z", "2026-03-31T15:00:00.000Z"],
        ["2026-03-31T15:00:00.000Z", "2026-03-31T15:05:00.000Z"],
      ],
    },
    {
      name: "ending exactly on a boundary",
      from: "2026-03-31T14:55:00Z",
      to: "2026-03-31T15:00:00Z",
      pieces: [["2026-03-31T14:55:00.000Z", "2026-03-31T15:00:00.000Z"]],
    },
    {
      name: "starting exactly on a boundary",
      from: "2026-03-31T15:00:00Z",
      to: "2026-03-31T15:05:00Z",
      pieces: [["2026-03-31T15:00:00.000Z", "2026-03-31T15:05:00.000Z"]],
    },
    {
      name: "across a year end, three months",
      from: "2025-11-30T12:00:00Z",
      to: "2026-01-01T00:00:00Z",
      pieces: [
        ["2025-11-30T12:00:00.000Z", "2025-11-30T15:00:00.000Z"],
        ["2025-11-30T15:00:00.000Z", "2025-12-31T15:00:00.000Z"],
        ["2025-12-31T15:00:00.000Z", "2026-01-01T00:00:00.000Z"],
      ],
    },
    { name: "empty", from: "2026-04-10T00:00:00Z", to: "2026-04-10T00:00:00Z", pieces: [["2026-04-10T00:00:00.000Z", "2026-04-10T00:00:00.000Z"]] },
  ])("$name", ({ from, to, pieces }) => {
    expect(splitAtSeoulMonthEnds(from, to)).toEqual(pieces.map(([f, t]) => ({ from: f, to: t })));
  });

  it("gives every month of a long interval a piece", () => {
    const pieces = splitAtSeoulMonthEnds("2024-01-15T00:00:00Z", "2026-01-15T00:00:00Z");
    expect(pieces).toHaveLength(25);
    expect(pieces.map((p) => seoulMonthOf(p.from))).toEqual(
      Array.from({ length: 25 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`),
    );
  });

  it("refuses an interval that ends before it starts", () => {
    let thrown: unknown;
    try {
      splitAtSeoulMonthEnds("2026-04-10T00:00:01Z", "2026-04-10T00:00:00Z");
    } catch (error) {
      thrown = error;
    }
    expect(isHighwayError(thrown, "METERING_INPUT_INVALID")).toBe(true);
  });

  // Instants from 2019 to 2031, to the millisecond; month ends fall on whole hours, so bias toward them.
  const LO = Date.UTC(2019, 0, 1);
  const HI = Date.UTC(2031, 0, 1);
  const instant = fc.oneof(
    fc.integer({ min: LO, max: HI }),
    fc.integer({ min: 2019, max: 2030 }).chain((y) => fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: -2, max: 2 })).map(([m, d]) => Date.UTC(y, m, 1) - 9 * 3_600_000 + d * 1000)),
  );
  const interval = fc.tuple(instant, instant).map(([a, b]): readonly [number, number] => (a <= b ? [a, b] : [b, a]));

  it("covers [from, to) exactly with consecutive non-empty pieces, each within one Seoul month", () => {
    fc.assert(
      fc.property(interval, ([from, to]) => {
        const pieces = splitAtSeoulMonthEnds(instantText(from), instantText(to));
        if (from === to) {
          expect(pieces).toEqual([{ from: instantText(from), to: instantText(to) }]);
          return;
        }
        expect(pieces[0]!.from).toBe(instantText(from));
        expect(pieces.at(-1)!.to).toBe(instantText(to));
        pieces.forEach((p, i) => {
          const start = Date.parse(p.from);
          const end = Date.parse(p.to);
          expect(end).toBeGreaterThan(start);
          if (i > 0) expect(p.from).toBe(pieces[i - 1]!.to);
          expect(seoulMonthOf(instantText(end - 1))).toBe(seoulMonthOf(p.from));
          // Only the last piece may end anywhere but a month boundary.
          if (i < pieces.length - 1) expect(p.to).toBe(seoulMonthRange(seoulMonthOf(p.from)).to);
        });
      }),
    );
  });

  it("puts an instant in the month whose range holds it", () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const range = seoulMonthRange(seoulMonthOf(instantText(ms)));
        expect(Date.parse(range.from)).toBeLessThanOrEqual(ms);
        expect(Date.parse(range.to)).toBeGreaterThan(ms);
      }),
    );
  });
});
