/**
 * Items in ascending order, produced lazily: a binary heap built in O(n), then O(log n) per item
 * taken. For a caller that usually stops after the first few (preemption picks victims until the
 * gang fits, a reservation walk stops when the gang fits), this replaces an O(n log n) sort. With
 * a total order the sequence equals a sort's.
 */

/** Yields `items` (not modified) in ascending order of `cmp`, which must be a total order. */
export function* ascending<T>(items: readonly T[], cmp: (a: T, b: T) => number): Generator<T> {
  const heap = items.slice();
  let n = heap.length;
  const down = (at: number): void => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && cmp(heap[l]!, heap[m]!) < 0) m = l;
      if (r < n && cmp(heap[r]!, heap[m]!) < 0) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i);
  while (n > 0) {
    const top = heap[0]!;
    heap[0] = heap[--n]!;
    down(0);
    yield top;
  }
}

/**
 * Yields the integers `items` in ascending order of (key[item], tie), lazily: the heap compares
 * numeric keys only (no comparator call), and items with equal keys are taken together and
 * ordered by `tie`, a total order among them. `items` is consumed (used as the heap).
 */
export function* ascendingByKey(items: Int32Array, key: Float64Array, tie: (a: number, b: number) => number): Generator<number> {
  const heap = items;
  let n = heap.length;
  const down = (at: number): void => {
    let i = at;
    const x = heap[i]!;
    const kx = key[x]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      let km = key[heap[l]!]!;
      if (r < n) {
        const kr = key[heap[r]!]!;
        if (kr < km) {
          m = r;
          km = kr;
        }
      }
      if (km >= kx) break;
      heap[i] = heap[m]!;
      i = m;
    }
    heap[i] = x;
  };
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i);
  const ties: number[] = [];
  while (n > 0) {
    const k = key[heap[0]!]!;
    ties.length = 0;
    while (n > 0 && key[heap[0]!]! === k) {
      ties.push(heap[0]!);
      heap[0] = heap[--n]!;
      if (n > 0) down(0);
    }
    if (ties.length > 1) ties.sort(tie);
    for (const t of ties) yield t;
  }
}
