/**
 * Bearer tokens resolved to their people, remembered for a second per process and store, so that a
 * burst of requests with one token reads it once (issue 5's submission rate). A change to
 * memberships or tokens made through this process forgets every entry when it commits, and a
 * lookup that began before such a change is not remembered; a change made by another replica is
 * seen within the second. Expiry is still checked on every request.
 */
import type { Store } from "../../store/store.js";

const TTL_MS = 1_000;
const MAX_ENTRIES = 10_000;

export class ActorCache<V> {
  #entries = new Map<string, { readonly at: number; readonly value: V }>();
  #generation = 0;

  /** Taken before a lookup and handed back to `remember`, which refuses a lookup older than a change. */
  generation(): number {
    return this.#generation;
  }

  recall(key: string): V | undefined {
    const entry = this.#entries.get(key);
    // Ages are measured on the process's monotonic clock, not the platform's business clock.
    if (entry === undefined || performance.now() - entry.at >= TTL_MS) return undefined;
    return entry.value;
  }

  remember(key: string, value: V, generation: number): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { at: performance.now(), value });
  }

  /** Called after a change to who may do what has committed. */
  forgetAll(): void {
    this.#generation++;
    this.#entries.clear();
  }
}

const caches = new WeakMap<Store, ActorCache<unknown>>();

/** The one cache of a store in this process, shared by the services that read and change identities. */
export function actorCacheOf<V>(store: Store): ActorCache<V> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new ActorCache<unknown>();
    caches.set(store, cache);
  }
  return cache as ActorCache<V>;
}
