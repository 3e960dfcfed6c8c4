import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatWon, formatWonEn, formatWonKo, groupThousands, mulDivRoundHalfUp, shareOf, WonInput } from "./money.js";

describe("formatWonKo", () => {
  it.each([
    [0n, "0원"],
    [1_234n, "1,234원"],
    [10_000n, "1만 원"],
    [10_001_234n, "1,000만 1,234원"],
    [1_250_000_000n, "12억 5,000만 원"],
    [100_000_000n, "1억 원"],
    [3_000_000_000_000n, "3조 원"],
    [1_234_567_890_123n, "1조 2,345억 6,789만 123원"],
    [-1_250_000_000n, "-12억 5,000만 원"],
  ])("%s won reads %s", (won, text) => {
    expect(formatWonKo(won)).toBe(text);
  });
});

describe("formatWonEn", () => {
  it("groups thousands after the currency code", () => {
    expect(formatWonEn(1_250_000_000n)).toBe("KRW 1,250,000,000");
    expect(formatWonEn(0n)).toBe("KRW 0");
    expect(formatWonEn(-5_000n)).toBe("-KRW 5,000");
  });
  it("groups any amount so that removing the commas gives the number back", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (n) => BigInt(groupThousands(n).replaceAll(",", "")) === n));
  });
});

describe("shareOf and rounding", () => {
  it("rounds half up to the won", () => {
    expect(shareOf(5n, 1_000)).toBe(1n); // 0.5 -> 1
    expect(shareOf(4n, 1_000)).toBe(0n); // 0.4 -> 0
    expect(shareOf(15n, 1_000)).toBe(2n); // 1.5 -> 2
    expect(shareOf(1_250_000_000n, 2_000)).toBe(250_000_000n);
    expect(mulDivRoundHalfUp(-15n, 1n, 10n)).toBe(-2n);
  });
  it("never leaves more than half a won of error", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const exact2 = amount * BigInt(bp) * 2n; // twice the exact share, in 1/10,000 won
        const diff = shareOf(amount, bp) * 20_000n - exact2;
        return diff <= 10_000n && diff > -10_000n;
      }),
    );
  });
});

describe("WonInput", () => {
  it("accepts decimal strings and safe integers, refuses the rest", () => {
    expect(WonInput.parse("123456789012345678901")).toBe(123456789012345678901n);
    expect(WonInput.parse(42)).toBe(42n);
    expect(WonInput.safeParse(-1).success).toBe(false);
    expect(WonInput.safeParse("1.5").success).toBe(false);
    expect(WonInput.safeParse(1.5).success).toBe(false);
  });
});

describe("formatWon", () => {
  it("formats in each style", () => {
    expect(formatWon(1_250_000_000n, "ko")).toBe("12억 5,000만 원");
    expect(formatWon(1_250_000_000n, "ko-plain")).toBe("1,250,000,000원");
    expect(formatWon(1_250_000_000n, "en")).toBe("KRW 1,250,000,000");
  });
  it("writes every amount's 억/조 form so that it reads back to the amount", () => {
    const units: Record<string, bigint> = { 경: 10n ** 16n, 조: 10n ** 12n, 억: 10n ** 8n, 만: 10n ** 4n };
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 19n }), (n) => {
        let total = 0n;
        for (const part of formatWonKo(n).replace(/ ?원$/, "").split(" ")) {
          const m = /^([\d,]+)(경|조|억|만)?$/.exec(part);
          if (m === null) return false;
          total += BigInt(m[1]!.replaceAll(",", "")) * (m[2] === undefined ? 1n : units[m[2]]!);
        }
        return total === n;
      }),
    );
  });
});
