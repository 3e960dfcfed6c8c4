/**
 * 사업자등록번호 (Korean business registration number): ten digits, the last a check digit.
 * Weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus the tens carry of digit nine x 5;
 * the check digit is (10 - sum mod 10) mod 10.
 */

const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/** Strips the customary hyphens (123-45-67890) and spaces; returns null when not ten digits. */
export function normalizeBusinessRegistrationNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** The check digit the first nine digits call for. */
export function businessRegistrationCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * WEIGHTS[i]!;
  sum += Math.floor((Number(firstNine[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** True when the input is ten digits (hyphens allowed) whose last digit checks. */
export function isValidBusinessRegistrationNumber(input: string): boolean {
  const digits = normalizeBusinessRegistrationNumber(input);
  if (digits === null) return false;
  return businessRegistrationCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Formats ten digits the customary way: 123-45-67890. */
export function formatBusinessRegistrationNumber(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
