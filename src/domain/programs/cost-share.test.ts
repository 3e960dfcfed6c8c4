import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ORGANIZATION_TYPES } from "../organization.js";
import { costShareTable, DEFAULT_COST_SHARE_BP, splitCost } from "./cost-share.js";

describe("splitCost", () => {
  it.each([
    ["sme", 1_250_000_000n, 250_000_000n],
    ["midsize", 1_000n, 300n],
    ["large", 1_001n, 501n], // 500.5 rounds half up
    ["startup", 15n, 2n], // 1.5 rounds half up
    ["university", 999_999n, 0n],
  ] as const)("%s co-pays its share of %s won: %s", (type, total, coPay) => {
    const split = splitCost(total, type, costShareTable());
    expect(split.coPayKrw).toBe(coPay);
    expect(split.governmentKrw).toBe(total - coPay);
  });

  it("applies a program's overrides over the defaults", () => {
    const table = costShareTable({ sme: 1_500, hospital: 1_000 });
    expect(table.sme).toBe(1_500);
    expect(table.hospital).toBe(1_000);
    expect(table.large).toBe(DEFAULT_COST_SHARE_BP.large);
  });

  it("always adds up to the total, with the co-pay within half a won of the exact share", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.constantFrom(...ORGANIZATION_TYPES), fc.integer({ min: 0, max: 10_000 }), (total, type, bp) => {
        const split = splitCost(total, type, costShareTable({ [type]: bp }));
        const error = split.coPayKrw * 10_000n - total * BigInt(bp);
        return split.coPayKrw + split.governmentKrw === total && error * 2n <= 10_000n && error * 2n > -10_000n && split.governmentKrw >= 0n;
      }),
    );
  });
});
