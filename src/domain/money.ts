/**
 * Money: Korean won as bigint (the won has no minor unit), shares in basis points, and display in
 * English ("KRW 1,250,000,000") and Korean with the myriad units 만 (10^4), 억 (10^8) and 조 (10^12)
 * ("12억 5,000만 원").
 */
import { z } from "zod";
import { patternCheck } from "./zod-korean.js";

/** An amount in whole Korean won. */
export type Won = bigint;

/** A share in basis points: 10,000 is 100 %. */
export type BasisPoints = number;

/** 100 % in basis points. */
export const FULL_SHARE_BP = 10_000;

/**
 * A non-negative whole number as JSON carries it: a decimal string (for amounts past 2^53) or a safe
 * integer. Parses to bigint.
 */
export const NonNegativeBigIntInput = z
  .union([z.string().check(patternCheck(/^\d{1,24}$/, "must be a non-negative whole number", "0 이상의 정수여야 합니다")), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));

/** An amount in won as JSON carries it (decimal string or safe integer), parsed to bigint. */
export const WonInput = NonNegativeBigIntInput;

/** A share in basis points, 0 to 10,000. */
export const BasisPointsInput = z.number().int().min(0).max(FULL_SHARE_BP);

/**
 * `amount x numerator / denominator`, rounded half up (away from zero for halves of positive
 * amounts; negative amounts round symmetrically). `denominator` must be positive.
 */
export function mulDivRoundHalfUp(amount: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = amount * numerator < 0n;
  const product = amount * numerator;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** `amount x bp / 10,000` rounded half up to the won. */
export function shareOf(amount: Won, bp: BasisPoints): Won {
  return mulDivRoundHalfUp(amount, BigInt(bp), BigInt(FULL_SHARE_BP));
}

/** Digits grouped in thousands with commas: 1250000 -> "1,250,000" (a leading minus kept). */
export function groupThousands(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return negative ? `-${grouped}` : grouped;
}

/** English display: "KRW 1,250,000,000" ("-KRW 5,000" for a negative amount). */
export function formatWonEn(amount: Won): string {
  return amount < 0n ? `-KRW ${groupThousands(-amount)}` : `KRW ${groupThousands(amount)}`;
}

const KOREAN_UNITS: readonly (readonly [bigint, string])[] = [
  [10n ** 16n, "경"],
  [10n ** 12n, "조"],
  [10n ** 8n, "억"],
  [10n ** 4n, "만"],
];

/**
 * Korean display with myriad units, each group of four digits grouped with commas and zero groups
 * left out: 1,250,000,000 -> "12억 5,000만 원", 3,000,000,000,000 -> "3조 원", 1,234 -> "1,234원",
 * 0 -> "0원". A remainder below 만 joins 원 without a space (10,001,234 -> "1,000만 1,234원").
 */
export function formatWonKo(amount: Won): string {
  if (amount === 0n) return "0원";
  const negative = amount < 0n;
  let rest = negative ? -amount : amount;
  const parts: string[] = [];
  for (const [unit, name] of KOREAN_UNITS) {
    const count = rest / unit;
    if (count > 0n) parts.push(`${groupThousands(count)}${name}`);
    rest %= unit;
  }
  const text = rest > 0n ? `${[...parts, groupThousands(rest)].join(" ")}원` : `${parts.join(" ")} 원`;
  return negative ? `-${text}` : text;
}

/** Korean display without myriad units: 1,250,000,000 -> "1,250,000,000원" (tables, receipts). */
export function formatWonKoPlain(amount: Won): string {
  return `${groupThousands(amount)}원`;
}

/** How to show an amount: Korean with 억/조, Korean digits only, or English. */
export type WonStyle = "ko" | "ko-plain" | "en";

/** Formats an amount in the given style. */
export function formatWon(amount: Won, style: WonStyle): string {
  return style === "ko" ? formatWonKo(amount) : style === "ko-plain" ? formatWonKoPlain(amount) : formatWonEn(amount);
}
