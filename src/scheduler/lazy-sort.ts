/**
 * Items in ascending order, produced lazily: a binary heap built in O(n), then O(log n) per item
 * taken. For a caller that usually stops after the first few (preemption picks victims until the
 * gang fits), this replaces an O(n log n) sort. With a total order the sequence equals a sort's.
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
