/** Roles: platform roles belong to a person; organization roles to a membership. */

/** Roles a person holds across the platform. */
export const PLATFORM_ROLES = ["platform_admin", "program_manager", "reviewer", "data_steward", "auditor"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Roles a person holds in one organization. */
export const ORG_ROLES = ["org_admin", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Every role name DESIGN.md lists, for documentation and validation. */
export const ALL_ROLES = [...PLATFORM_ROLES, ...ORG_ROLES] as const;
