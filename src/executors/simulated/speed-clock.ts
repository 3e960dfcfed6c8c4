/**
 * A Clock for `highway serve` with simulated clusters: simulated time starts at a chosen instant and
 * runs `speed` times as fast as the wall clock, so a demo shows hours of work in minutes.
 */
import type { Clock } from "../../domain/clock.js";

/** How a SpeedClock runs. */
export interface SpeedClockOptions {
  /** Simulated seconds per wall-clock second, e.g. 60: one real second is one simulated minute. */
  readonly speed: number;
  /** The simulated instant at which the clock starts; by default the wall clock's now. */
  readonly start?: Date;
  /** Milliseconds of the wall clock; injected by tests so they need not sleep. */
  readonly wallMs?: () => number;
}

/** Wall-clock time since construction, times a speed factor, added to a start instant. */
export class SpeedClock implements Clock {
  readonly speed: number;
  readonly #wallMs: () => number;
  readonly #wallStart: number;
  readonly #start: number;

  constructor(options: SpeedClockOptions) {
    if (!(Number.isFinite(options.speed) && options.speed > 0)) throw new RangeError(`speed must be a positive number, not ${options.speed}`);
    this.speed = options.speed;
    // This adapter is the edge where the wall clock enters; the cores only ever see the Clock.
    this.#wallMs = options.wallMs ?? (() => Date.now());
    this.#wallStart = this.#wallMs();
    this.#start = options.start?.getTime() ?? this.#wallStart;
  }

  now(): Date {
    return new Date(this.#start + Math.floor((this.#wallMs() - this.#wallStart) * this.speed));
  }
}
