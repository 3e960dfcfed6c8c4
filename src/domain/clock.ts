/** Time is injected: cores read it from a Clock so that tests and the simulator control it. */
export interface Clock {
  now(): Date;
}

/** A clock that stands still until moved; for tests and simulations. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date) {
    this.#ms = start.getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(to: Date): void {
    this.#ms = to.getTime();
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Seoul, where reports and rules count days. */
export function seoulDate(at: Date): string {
  // Korea keeps no daylight saving time: UTC+9 all year.
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
