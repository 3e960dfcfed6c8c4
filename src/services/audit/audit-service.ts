/**
 * Reading and verifying the audit log. Auditors and platform administrators read every chain;
 * an org_admin reads their own organization's chain.
 */
import { HighwayError } from "../../domain/errors.js";
import type { Store } from "../../store/store.js";
import { hasPlatformRole, requireOrganizationAdmin, requirePlatformRole } from "../authorization.js";
import type { Actor } from "../context.js";
import { pageSize, type Page, type PageRequest } from "../pagination.js";
import { listAuditEvents, PLATFORM_CHAIN, verifyAudit, type AuditEventView, type AuditVerification } from "./audit-log.js";

/** Use cases on the audit log. */
export class AuditService {
  constructor(private readonly deps: { readonly store: Store; readonly auditKey: string }) {}

  /** Events of one chain (an organization id, or "platform"), oldest first. */
  async list(actor: Actor, chain: string, page: PageRequest): Promise<Page<AuditEventView>> {
    if (chain === PLATFORM_CHAIN) requirePlatformRole(actor, "platform_admin", "auditor");
    else if (!hasPlatformRole(actor, "platform_admin", "auditor")) requireOrganizationAdmin(actor, chain);
    let after = 0n;
    if (page.cursor !== undefined) {
      if (!/^\d{1,18}$/.test(page.cursor)) throw new HighwayError("INVALID_CURSOR", { field: "query.cursor", rule: "INVALID_CURSOR" });
      after = BigInt(page.cursor);
    }
    const size = pageSize(page);
    const rows = await listAuditEvents(this.deps.store.db, chain, after, size + 1);
    const items = rows.slice(0, size);
    return { items, nextCursor: rows.length > size ? items[items.length - 1]!.seq : null };
  }

  /** Verifies every chain; auditors and platform administrators only. */
  async verify(actor: Actor): Promise<AuditVerification> {
    requirePlatformRole(actor, "platform_admin", "auditor");
    return verifyAudit(this.deps.store, this.deps.auditKey);
  }
}
