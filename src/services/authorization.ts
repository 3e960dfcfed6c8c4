/**
 * Authorization rules, checked in the services (routes only authenticate). A person sees an
 * organization's data when they belong to it or hold a platform role that oversees all of them.
 */
import { HighwayError } from "../domain/errors.js";
import type { PlatformRole } from "../domain/roles.js";
import type { Actor } from "./context.js";

/** True for the platform itself or a person with one of the roles. */
export function hasPlatformRole(actor: Actor, ...roles: PlatformRole[]): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind === "anonymous") return false;
  return roles.some((role) => actor.platformRoles.has(role));
}

/** Throws FORBIDDEN unless the actor holds one of the platform roles. */
export function requirePlatformRole(actor: Actor, ...roles: PlatformRole[]): void {
  if (!hasPlatformRole(actor, ...roles)) {
    throw new HighwayError("FORBIDDEN", { detail: `requires one of the roles: ${roles.join(", ")}`, detailKo: `다음 역할 중 하나가 필요합니다: ${roles.join(", ")}` });
  }
}

/** Readers of every organization: platform administrators and auditors. */
export function canReadAllOrganizations(actor: Actor): boolean {
  return hasPlatformRole(actor, "platform_admin", "auditor");
}

/** True when the actor may read this organization's data. */
export function canReadOrganization(actor: Actor, organizationId: string): boolean {
  return canReadAllOrganizations(actor) || (actor.kind === "person" && actor.memberships.has(organizationId));
}

/**
 * Throws NOT_FOUND (not FORBIDDEN) when the organization is not visible, so that ids of other
 * tenants cannot be probed.
 */
export function requireOrganizationReader(actor: Actor, organizationId: string): void {
  if (!canReadOrganization(actor, organizationId)) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
}

/** Throws unless the actor administers this organization (or the platform). */
export function requireOrganizationAdmin(actor: Actor, organizationId: string): void {
  requireOrganizationReader(actor, organizationId);
  if (hasPlatformRole(actor, "platform_admin")) return;
  if (actor.kind === "person" && actor.memberships.get(organizationId) === "org_admin") return;
  throw new HighwayError("FORBIDDEN", { detail: "requires org_admin of this organization", detailKo: "이 기관의 org_admin 역할이 필요합니다" });
}

/** The person behind the actor, or FORBIDDEN for the platform's own actors where a person is needed. */
export function requirePerson(actor: Actor): Extract<Actor, { kind: "person" }> {
  if (actor.kind !== "person") throw new HighwayError("FORBIDDEN", { detail: "this action needs a person, not a system actor", detailKo: "이 작업은 시스템이 아니라 사용자가 수행해야 합니다" });
  return actor;
}

/** Members of the organization, or program managers, administrators and auditors (NOT_FOUND otherwise). */
export function requireOrganizationReaderOrOverseer(actor: Actor, organizationId: string): void {
  if (hasPlatformRole(actor, "program_manager", "platform_admin", "auditor")) return;
  requireOrganizationReader(actor, organizationId);
}

/** Any signed-in person or the platform itself; refuses only anonymous callers. */
export function requireAuthenticated(actor: Actor): void {
  if (actor.kind === "anonymous") throw new HighwayError("AUTH_REQUIRED");
}
