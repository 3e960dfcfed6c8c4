/**
 * Domain values stored as JSON keep their bigints: a bigint is written as {"$n": "123"} and read
 * back as 123n, so money and hours never pass through floating point.
 */

/** Encodes a domain value for a jsonb column. */
export function toStored(value: unknown): unknown {
  if (typeof value === "bigint") return { $n: value.toString() };
  if (Array.isArray(value)) return value.map(toStored);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toStored(v)]));
  }
  return value;
}

/** Decodes a jsonb column's value back into the domain's shape. */
export function fromStored<T>(value: unknown): T {
  return decode(value) as T;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "$n" && typeof record.$n === "string") return BigInt(record.$n);
    return Object.fromEntries(keys.map((k) => [k, decode(record[k])]));
  }
  return value;
}
