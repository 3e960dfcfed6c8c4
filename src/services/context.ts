/**
 * What every use case receives: who is acting, and the platform's adapters (store, clock, keys).
 * Services own transactions, authorization and audit events.
 */
import type { Clock } from "../domain/clock.js";
import type { OrgRole, PlatformRole } from "../domain/roles.js";
import type { ClusterExecutor } from "../executors/cluster-executor.js";
import type { Store } from "../store/store.js";

/** A person acting through an API token or a portal session, or the platform itself. */
export type Actor =
  | {
      readonly kind: "person";
      readonly personId: string;
      readonly platformRoles: ReadonlySet<PlatformRole>;
      readonly memberships: ReadonlyMap<string, OrgRole>;
      readonly via: "token" | "session";
    }
  | { readonly kind: "system"; readonly name: string }
  /** A caller of a public route: holds no rights at all. */
  | { readonly kind: "anonymous" };

/** The actor as the audit log records it. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "person":
      return `person:${actor.personId}`;
    case "system":
      return `system:${actor.name}`;
    case "anonymous":
      return "anonymous";
  }
}

/** Adapters and settings the services are built with at start-up. */
export interface ServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** HMAC key that seals audit hashes; kept outside the database. */
  readonly auditKey: string;
  readonly sessionTtlHours: number;
  readonly loginMaxFailures: number;
  readonly loginWindowMinutes: number;
  /** The clusters this server dispatches to, by fleet cluster id; absent on a server that runs none. */
  readonly executors?: ReadonlyMap<string, ClusterExecutor>;
}
