import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  businessRegistrationCheckDigit,
  formatBusinessRegistrationNumber,
  isValidBusinessRegistrationNumber,
  normalizeBusinessRegistrationNumber,
} from "./business-registration-number.js";

describe("business registration number (사업자등록번호)", () => {
  it.each([
    ["124-81-00998", true],
    ["1248100998", true],
    ["220-81-62517", true],
    ["124-81-00999", false],
    ["124-81-0099", false],
    ["124-81-009981", false],
    ["12a-81-00998", false],
    ["", false],
  ])("%s is %s", (input, valid) => {
    expect(isValidBusinessRegistrationNumber(input)).toBe(valid);
  });

  it("counts the carry of the ninth digit times five", () => {
    // 9 x 5 = 45 carries 4; without the carry the check digit of 124810099 would be 2, not 8.
    expect(businessRegistrationCheckDigit("124810099")).toBe(8);
  });

  it("accepts exactly one check digit for any nine digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = [...Array(10).keys()].filter((d) => isValidBusinessRegistrationNumber(`${nine}${d}`));
        expect(valid).toEqual([businessRegistrationCheckDigit(nine)]);
      }),
    );
  });

  it("formats and normalizes round trip", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        expect(normalizeBusinessRegistrationNumber(formatBusinessRegistrationNumber(digits))).toBe(digits);
      }),
    );
  });
});
