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

/** Korea keeps no daylight saving time: Asia/Seoul is UTC+9 all year. */
export const SEOUL_OFFSET_MS = 9 * 3_600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Seoul, where reports and rules count days. */
export function seoulDate(at: Date): string {
  return seoulWallClock(at).slice(0, 10);
}

/**
 * The Korean wall-clock time of an instant (a Date or an ISO string), "YYYY-MM-DD HH:mm", or with
 * `seconds` "YYYY-MM-DD HH:mm:ss": for messages, notices and what the CLI prints.
 */
export function seoulWallClock(at: Date | string, seconds = false): string {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, seconds ? 19 : 16).replace("T", " ");
}
