/**
 * What a server remembers for a few seconds so that a burst of requests reads it once (issue 5's
 * submission rate): bearer tokens resolved to their people, and a submitter's project context.
 * Every change to who may do what made through this process forgets all of a store's caches when
 * it commits (`forgetCached`), and a lookup that began before such a change is not remembered; a
 * change made through another replica is seen within the TTL. Expiry and money are still checked
 * on every request: token expiry against the clock, balances by the batch's reservation.
 */
import type { Store } from "../store/store.js";

/** How long an entry is remembered. */
export const RECENT_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

const registry = new WeakMap<Store, Set<RecentCache<unknown>>>();

export class RecentCache<V> {
  #entries = new Map<string, { readonly at: number; readonly value: V }>();
  #generation = 0;

  /** A cache of the store's facts; `forgetCached(store)` empties it. */
  constructor(store: Store | null, private readonly ttlMs = RECENT_TTL_MS) {
    if (store === null) return;
    let caches = registry.get(store);
    if (caches === undefined) registry.set(store, (caches = new Set()));
    caches.add(this as RecentCache<unknown>);
  }

  /** Taken before a lookup and handed back to `remember`, which refuses a lookup older than a change. */
  generation(): number {
    return this.#generation;
  }

  recall(key: string): V | undefined {
    const entry = this.#entries.get(key);
    // Ages are measured on the process's monotonic clock, not the platform's business clock.
    if (entry === undefined || performance.now() - entry.at >= this.ttlMs) return undefined;
    return entry.value;
  }

  remember(key: string, value: V, generation: number): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { at: performance.now(), value });
  }

  forgetAll(): void {
    this.#generation++;
    this.#entries.clear();
  }
}

/** Called after a change to people, memberships, tokens or Linux users has committed. */
export function forgetCached(store: Store): void {
  for (const cache of registry.get(store) ?? []) cache.forgetAll();
}
