/** Response schemas shared by the routes; they document the API (OpenAPI) and are not re-validated. */
import { z } from "zod";
import { ORG_ROLES, PLATFORM_ROLES } from "../domain/roles.js";

export const Id = z.uuid();
export const Instant = z.iso.datetime({ offset: true });

export const PageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** A page of items with the cursor of the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const OrganizationView = z.object({
  id: Id,
  name: z.string(),
  nameEn: z.string().nullable(),
  type: z.string(),
  businessRegistrationNumber: z.string(),
  region: z.string(),
  sector: z.string(),
  foundedOn: z.iso.date(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const PersonView = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  platformRoles: z.array(z.enum(PLATFORM_ROLES)),
  linuxUser: z.string().nullable().describe("The Linux user the person's jobs run as"),
  createdAt: Instant,
});

export const MeView = PersonView.extend({
  memberships: z.array(z.object({ organizationId: Id, role: z.enum(ORG_ROLES) })),
});

export const MemberView = z.object({ person: PersonView, role: z.enum(ORG_ROLES), since: Instant });

export const TokenView = z.object({
  id: Id,
  personId: Id,
  name: z.string(),
  prefix: z.string(),
  createdAt: Instant,
  expiresAt: Instant,
  revokedAt: Instant.nullable(),
  lastUsedAt: Instant.nullable(),
});

export const NewTokenView = TokenView.extend({ token: z.string().describe("The secret; shown only in this response.") });

export const AuditEventView = z.object({
  id: Id,
  chain: z.string(),
  seq: z.string(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  digest: z.string(),
  hash: z.string(),
});

export const AuditVerification = z.object({
  ok: z.boolean(),
  chains: z.number().int(),
  events: z.number().int(),
  faults: z.array(
    z.object({
      chain: z.string(),
      seq: z.string(),
      eventId: z.string().nullable(),
      kind: z.enum(["edited", "deleted", "truncated", "rewritten", "unsealed_head"]),
      detail: z.string(),
    }),
  ),
});
