/** Typed-array columns of the scheduler's row tables (pending-book.ts, running-table.ts). */

/** A copy of `a` with room for `n` entries (the rest zero). */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
