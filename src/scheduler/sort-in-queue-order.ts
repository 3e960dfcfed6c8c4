/**
 * Sorts a queue's pending rows into queue order (priority tier descending, then submission, then
 * workload id) with a stable natural merge sort: the runs already in order are found in one pass
 * and merged pairwise, bottom-up, with the keys compared inline. TypedArray.prototype.sort with a
 * comparator called back into JavaScript for every comparison (about 640,000 for 100,000 pending
 * workloads) and made nothing of rows arriving in submission order. Both sorts are stable, so the
 * result is the same for any input. O(n log runs): O(n) for rows already in order.
 */

/**
 * Sorts `rows` in place by (tier[r] descending, at[r] ascending, ids[r]). Working room: `runs`
 * holds at least `rows.length + 1` entries, `spare` at least `rows.length`.
 */
export function sortInQueueOrder(rows: Int32Array, tier: Float64Array, at: Float64Array, ids: readonly string[], runs: Int32Array, spare: Int32Array): void {
  const n = rows.length;
  if (n < 2) return;
  // Runs already in order (a row not before the one preceding it continues the run): workloads
  // arrive in submission order, so a queue's rows are mostly a few long runs, broken where the tier
  // changes. runs[0..count] are the runs' bounds.
  let count = 0;
  runs[0] = 0;
  for (let k = 1; k < n; k++) if (before(rows[k]!, rows[k - 1]!, tier, at, ids)) runs[++count] = k;
  runs[++count] = n;
  if (count === 1) return;
  let from = rows;
  let to = spare;
  while (count > 1) {
    let merged = 0;
    for (let j = 0; j < count; j += 2) {
      const lo = runs[j]!;
      const mid = runs[j + 1]!;
      const hi = j + 2 <= count ? runs[j + 2]! : mid;
      merge(from, to, lo, mid, hi, tier, at, ids);
      runs[merged++] = lo;
    }
    runs[merged] = n;
    count = merged;
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
