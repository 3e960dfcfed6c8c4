/** JSON for responses: bigints become decimal strings (money and usage never lose precision). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
