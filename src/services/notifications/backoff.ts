/**
 * Retry timing: exponential backoff with "equal jitter" (half of each step fixed, half drawn from
 * an injected random source), capped, and a maximum number of attempts after which a delivery is
 * dead. Pure: the dispatcher adds the delay to its injected clock, so tests advance time instead of
 * sleeping.
 */

/** How often and how long a delivery is retried. */
export interface RetryPolicy {
  /** Attempts in all (the first one included) before a delivery turns dead. */
  readonly maxAttempts: number;
  /** Delay step after the first failure; it doubles with every further failure. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay. */
  readonly maxDelayMs: number;
}

/** 8 attempts over roughly an hour and a half: 30 s, 1, 2, 4, 8, 16, 32 minutes (each jittered). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 6 * 3600_000 };

/**
 * The delay before the next attempt after `attemptsMade` failed attempts (1 or more):
 * step = min(max, base x 2^(attemptsMade - 1)); delay = step / 2 + random() x step / 2.
 */
export function backoffDelayMs(policy: RetryPolicy, attemptsMade: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (r * step) / 2);
}
