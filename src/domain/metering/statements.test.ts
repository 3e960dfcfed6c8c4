import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "./ledger.js";
import { creditFor, meterInterval } from "./meter.js";
import { seoulMonthOf, seoulMonthRange } from "./seoul-month.js";
import { acceleratorHoursText, operatorStatement, organizationStatement, vatOf } from "./statements.js";
import { aprilLedger, ledgerEntryArb, meteringInputArb, meteringInputFixture } from "./testfixtures.js";

describe("acceleratorHoursText", () => {
  it.each([
    [5_400n, "1.50"],
    [0n, "0.00"],
    [18n, "0.01"], // 0.005 h rounds half up
    [17n, "0.00"],
    [3_600n * 1_000_000n, "1000000.00"],
    [-5_400n, "-1.50"],
  ])("%s s is %s h", (seconds, text) => {
    expect(acceleratorHoursText(seconds)).toBe(text);
  });
});

describe("vatOf", () => {
  it.each([
    [8_562n, 856n], // 856.2: truncated below one won
    [9n, 0n],
    [10n, 1n],
    [19n, 1n], // 1.9: truncated, not rounded
    [0n, 0n],
    [-15n, -1n], // a credit note truncates toward zero too
  ])("VAT on %s won is %s won", (supply, vat) => {
    expect(vatOf(supply)).toBe(vat);
  });
});

describe("organizationStatement", () => {
  it("lines by project, program and model with credits beside usage; VAT truncated; only the org's April", () => {
    // p-1: 43,200 s used (42,000 won, co-pay 8,400), 14,400 s credited (14,000 won, co-pay 2,800).
    // p-2: 14,400 s at 6,001 won an hour = 24,004 won; 12.34 % co-pay = 2,962.09 -> 2,962.
    expect(organizationStatement(aprilLedger(), { organizationId: "org-1", month: "2026-04" })).toEqual({
      organizationId: "org-1",
      month: "2026-04",
      from: "2026-03-31T15:00:00.000Z",
      to: "2026-04-30T15:00:00.000Z",
      lines: [
        { projectId: "p-1", programId: "ax-sprint-300", acceleratorClass: "hopper", model: "h100-sxm", usageSeconds: 43_200n, usageKrw: 42_000n, creditedSeconds: 14_400n, creditedKrw: 14_000n, chargedSeconds: 28_800n, chargedKrw: 28_000n, coPayKrw: 5_600n, governmentKrw: 22_400n },
        { projectId: "p-2", programId: "voucher", acceleratorClass: "blackwell", model: "b200", usageSeconds: 14_400n, usageKrw: 24_004n, creditedSeconds: 0n, creditedKrw: 0n, chargedSeconds: 14_400n, chargedKrw: 24_004n, coPayKrw: 2_962n, governmentKrw: 21_042n },
      ],
      totals: { usageSeconds: 57_600n, usageKrw: 66_004n, creditedSeconds: 14_400n, creditedKrw: 14_000n, chargedSeconds: 43_200n, chargedKrw: 52_004n, coPayKrw: 8_562n, governmentKrw: 43_442n, vatKrw: 856n, totalDueKrw: 9_418n },
    });
  });

  it("is empty for a month without entries", () => {
    const statement = organizationStatement(aprilLedger(), { organizationId: "org-1", month: "2026-05" });
    expect(statement.lines).toEqual([]);
    expect(statement.totals.totalDueKrw).toBe(0n);
  });

  it("refuses a malformed month", () => {
    expect(() => organizationStatement([], { organizationId: "org-1", month: "2026-4" })).toThrow(expect.objectContaining({ code: "METERING_INPUT_INVALID" }));
  });
});

describe("operatorStatement", () => {
  it("lines by site, cluster and model; the settlement is delivered value less credited value", () => {
    expect(operatorStatement(aprilLedger(), { operator: "kisti", month: "2026-04" })).toEqual({
      operator: "kisti",
      month: "2026-04",
      from: "2026-03-31T15:00:00.000Z",
      to: "2026-04-30T15:00:00.000Z",
      lines: [
        { site: "daejeon", cluster: "daejeon-b200", acceleratorClass: "blackwell", model: "b200", deliveredSeconds: 14_400n, deliveredKrw: 24_004n, creditedSeconds: 0n, creditedKrw: 0n, settledSeconds: 14_400n, settlementKrw: 24_004n },
        { site: "daejeon", cluster: "daejeon-h100", acceleratorClass: "hopper", model: "h100-sxm", deliveredSeconds: 43_200n, deliveredKrw: 42_000n, creditedSeconds: 14_400n, creditedKrw: 14_000n, settledSeconds: 28_800n, settlementKrw: 28_000n },
      ],
      totals: { deliveredSeconds: 57_600n, deliveredKrw: 66_004n, creditedSeconds: 14_400n, creditedKrw: 14_000n, settledSeconds: 43_200n, settlementKrw: 52_004n },
    });
  });
});

type Field = "acceleratorSeconds" | "krw" | "coPayKrw" | "governmentKrw";

/** An oracle independent of seoulMonthOf: the entry starts inside the month's UTC range. */
function inMonth(e: LedgerEntry, month: string): boolean {
  const { from, to } = seoulMonthRange(month);
  return Date.parse(e.startedAt) >= Date.parse(from) && Date.parse(e.startedAt) < Date.parse(to);
}
const sum = (entries: readonly LedgerEntry[], kind: LedgerEntry["kind"], field: Field) => entries.filter((e) => e.kind === kind).reduce((t, e) => t + e[field], 0n);
const sumLines = <L>(lines: readonly L[], field: keyof L) => lines.reduce((t, l) => t + (l[field] as bigint), 0n);

describe("statement totals", () => {
  const args = fc.tuple(fc.array(ledgerEntryArb, { maxLength: 40 }), fc.constantFrom("2026-03", "2026-04", "2026-05"));

  it("of an organization are the sums of its entries of the month; charged = usage - credits", () => {
    fc.assert(
      fc.property(args, fc.constantFrom("org-1", "org-2"), ([entries, month], organizationId) => {
        const mine = entries.filter((e) => e.organizationId === organizationId && inMonth(e, month));
        const { lines, totals } = organizationStatement(entries, { organizationId, month });
        expect(totals.usageSeconds).toBe(sum(mine, "usage", "acceleratorSeconds"));
        expect(totals.usageKrw).toBe(sum(mine, "usage", "krw"));
        expect(totals.creditedSeconds).toBe(sum(mine, "credit", "acceleratorSeconds"));
        expect(totals.creditedKrw).toBe(sum(mine, "credit", "krw"));
        expect(totals.chargedKrw).toBe(totals.usageKrw - totals.creditedKrw);
        expect(totals.chargedSeconds).toBe(totals.usageSeconds - totals.creditedSeconds);
        expect(totals.coPayKrw).toBe(sum(mine, "usage", "coPayKrw") - sum(mine, "credit", "coPayKrw"));
        expect(totals.governmentKrw).toBe(sum(mine, "usage", "governmentKrw") - sum(mine, "credit", "governmentKrw"));
        expect(totals.coPayKrw + totals.governmentKrw).toBe(totals.chargedKrw);
        expect(totals.totalDueKrw).toBe(totals.coPayKrw + totals.vatKrw);
        for (const field of ["usageSeconds", "usageKrw", "creditedSeconds", "creditedKrw", "chargedSeconds", "chargedKrw", "coPayKrw", "governmentKrw"] as const) {
          expect(sumLines(lines, field)).toBe(totals[field]);
        }
        expect(new Set(lines.map((l) => JSON.stringify([l.projectId, l.programId, l.model]))).size).toBe(lines.length);
      }),
    );
  });

  it("of an operator are the sums of its entries of the month; settlement = delivered - credited", () => {
    fc.assert(
      fc.property(args, fc.constantFrom("kisti", "nipa"), ([entries, month], operator) => {
        const mine = entries.filter((e) => e.operator === operator && inMonth(e, month));
        const { lines, totals } = operatorStatement(entries, { operator, month });
        expect(totals.deliveredSeconds).toBe(sum(mine, "usage", "acceleratorSeconds"));
        expect(totals.deliveredKrw).toBe(sum(mine, "usage", "krw"));
        expect(totals.creditedSeconds).toBe(sum(mine, "credit", "acceleratorSeconds"));
        expect(totals.creditedKrw).toBe(sum(mine, "credit", "krw"));
        expect(totals.settlementKrw).toBe(totals.deliveredKrw - totals.creditedKrw);
        expect(totals.settledSeconds).toBe(totals.deliveredSeconds - totals.creditedSeconds);
        for (const field of ["deliveredSeconds", "deliveredKrw", "creditedSeconds", "creditedKrw", "settledSeconds", "settlementKrw"] as const) {
          expect(sumLines(lines, field)).toBe(totals[field]);
        }
      }),
    );
  });

  it("charge nothing, in any month, for runs that were metered and then credited in full", () => {
    fc.assert(
      fc.property(fc.array(meteringInputArb, { minLength: 1, maxLength: 3 }), (inputs) => {
        const usage = inputs.flatMap(meterInterval);
        const ledger = [...usage, ...creditFor(usage)];
        for (const month of new Set(usage.map((e) => seoulMonthOf(e.startedAt)))) {
          const { totals } = organizationStatement(ledger, { organizationId: meteringInputFixture().organizationId, month });
          expect(totals.usageKrw).toBe(sum(usage.filter((e) => inMonth(e, month)), "usage", "krw"));
          expect(totals.chargedKrw).toBe(0n);
          expect(totals.totalDueKrw).toBe(0n);
          expect(operatorStatement(ledger, { operator: meteringInputFixture().operator, month }).totals.settlementKrw).toBe(0n);
        }
      }),
    );
  });
});
