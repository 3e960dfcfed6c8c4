/**
 * Sorts a queue's pending rows into queue order (priority tier descending, then submission, then
 * workload id) with a stable merge sort (insertion-sorted runs of 16, merged bottom-up) whose
 * comparisons read the keys inline. TypedArray.prototype.sort with a comparator calls back into
 * JavaScript for every comparison, which loading 100,000 pending workloads paid about 640,000
 * times. Both sorts are stable, so the result is the same for any input. O(n log n); a merge whose
 * halves are already in order costs one comparison.
 */

/** Run length sorted by insertion before merging. */
const RUN = 16;

/**
 * Sorts `rows` in place by (tier[r] descending, at[r] ascending, ids[r]); `scratch` holds at least
 * `rows.length` entries.
 */
export function sortInQueueOrder(rows: Int32Array, tier: Float64Array, at: Float64Array, ids: readonly string[], scratch: Int32Array): void {
  const n = rows.length;
  for (let lo = 0; lo < n; lo += RUN) insertionSort(rows, lo, Math.min(n, lo + RUN), tier, at, ids);
  let from = rows;
  let to = scratch;
  let width = RUN;
  for (; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      merge(from, to, lo, mid, hi, tier, at, ids);
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from !== rows) for (let k = 0; k < n; k++) rows[k] = from[k]!;
}

/**
 * Whether row b goes strictly before row a: compareInQueue(b, a) < 0 with the fields read from the
 * columns (NaN differences fall through to the next key, as there). The merge takes from the right
 * only then, which keeps it stable.
 */
function before(b: number, a: number, tier: Float64Array, at: Float64Array, ids: readonly string[]): boolean {
  const d = tier[a]! - tier[b]! || at[b]! - at[a]!;
  if (d) return d < 0;
  return ids[b]! < ids[a]!;
}

function insertionSort(rows: Int32Array, lo: number, hi: number, tier: Float64Array, at: Float64Array, ids: readonly string[]): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = rows[i]!;
    let j = i - 1;
    while (j >= lo && before(x, rows[j]!, tier, at, ids)) {
      rows[j + 1] = rows[j]!;
      j--;
    }
    rows[j + 1] = x;
  }
}

function merge(from: Int32Array, to: Int32Array, lo: number, mid: number, hi: number, tier: Float64Array, at: Float64Array, ids: readonly string[]): void {
  if (mid >= hi || !before(from[mid]!, from[mid - 1]!, tier, at, ids)) {
    for (let k = lo; k < hi; k++) to[k] = from[k]!;
    return;
  }
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    if (before(from[j]!, from[i]!, tier, at, ids)) to[k++] = from[j++]!;
    else to[k++] = from[i++]!;
  }
  while (i < mid) to[k++] = from[i++]!;
  while (j < hi) to[k++] = from[j++]!;
}
