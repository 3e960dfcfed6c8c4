/** Routes for reading and verifying the audit log. */
import { z } from "zod";
import { route, type RouteSpec } from "../route.js";
import { AuditEventView, AuditVerification, pageOf } from "../schemas.js";

export const auditRoutes: RouteSpec[] = [
  route({
    method: "GET",
    url: "/api/v1/audit/events",
    operationId: "listAuditEvents",
    summary: "Events of one audit chain (an organization id, or platform), oldest first",
    tag: "audit",
    auth: "person",
    query: z.strictObject({
      chain: z.union([z.literal("platform"), z.uuid()]),
      cursor: z.string().max(40).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
    response: pageOf(AuditEventView),
    handler: ({ services, actor, query }) => services.audit.list(actor, query.chain, query),
  }),
  route({
    method: "GET",
    url: "/api/v1/audit/verify",
    operationId: "verifyAudit",
    summary: "Recompute every audit chain and name the first bad event of each broken one",
    tag: "audit",
    auth: "person",
    response: AuditVerification,
    handler: ({ services, actor }) => services.audit.verify(actor),
  }),
];
