/**
 * Each queue's decayed usage for fair share, by the queue's number in the quota ledger: the usage
 * recorded at some time, decayed exponentially with the policy's half-life, plus what the queue's
 * allocation has used since, decayed as it accrued. Exact while the allocation is constant, which
 * holds because every change of allocation accrues first. O(1) per read and per change.
 */

const LN2 = Math.log(2);

/** Decayed usage and accelerators held per queue number; see the module comment. */
export class QueueUsage {
  readonly #halfLife: number;
  /** Usage, the time it was decayed to (NaN: none recorded) and accelerators held. */
  readonly #usage: number[] = [];
  readonly #asOf: number[] = [];
  readonly #alloc: number[] = [];

  constructor(halfLifeSeconds: number) {
    this.#halfLife = halfLifeSeconds;
  }

  /** Records a queue's usage as of a time (NaN: none). */
  set(qi: number, usage: number, asOf: number): void {
    while (this.#usage.length <= qi) {
      this.#usage.push(0);
      this.#asOf.push(NaN);
      this.#alloc.push(0);
    }
    this.#usage[qi] = usage;
    this.#asOf[qi] = asOf;
  }

  /** Accelerators the queue holds now. */
  allocated(qi: number): number {
    return this.#alloc[qi] ?? 0;
  }

  /** Changes what the queue holds (accrue first: see the module comment). */
  addAlloc(qi: number, delta: number): void {
    if (qi >= this.#alloc.length) this.set(qi, 0, NaN);
    this.#alloc[qi] = this.#alloc[qi]! + delta;
  }

  /** The queue's decayed usage at `now`. */
  at(qi: number, now: number): number {
    const asOf = this.#asOf[qi];
    if (asOf === undefined || Number.isNaN(asOf)) return 0;
    const u = this.#usage[qi]!;
    const dt = now - asOf;
    if (dt <= 0) return u;
    const h = this.#halfLife;
    const f = Math.pow(2, -dt / h);
    return u * f + ((this.#alloc[qi] ?? 0) * (1 - f) * h) / LN2;
  }

  /** Folds what the allocation used up to `now` into the recorded usage. */
  accrue(qi: number, now: number): void {
    const asOf = this.#asOf[qi];
    if (asOf === undefined || Number.isNaN(asOf)) this.set(qi, 0, now);
    else if (now > asOf) this.set(qi, this.at(qi, now), now);
  }
}
