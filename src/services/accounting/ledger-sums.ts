/**
 * The usage ledger summed in the database. A month of a large organization or operator holds an
 * entry per run per five minutes, so statements and balances never load the entries: the database
 * sums them per line key and kind (one pass over an index range), and the domain adds up the sums.
 * That equals adding up the entries because statements are plain sums of the entries' rounded
 * amounts; nothing is revalued (domain/metering README, "One entry per Seoul month").
 */
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { LedgerEntry, LedgerEntryKind } from "../../domain/metering/index.js";
import { usageLedger } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

/** Sums as text, so that neither engine hands bigints over as floating point. */
const total = (column: AnyColumn) => sql<string>`coalesce(sum(${column}), 0)::text`;

/**
 * The ledger rows matching `where`, summed per kind and per every key a statement groups by
 * (organization, project, program, operator, site, cluster, class, model), each sum shaped as one
 * ledger entry dated `at` (the start of the month asked for). The entries carry no run: statements
 * read only their keys and amounts.
 */
export async function ledgerSums(db: Db, where: SQL | undefined, at: string): Promise<LedgerEntry[]> {
  const l = usageLedger;
  const keys = [l.kind, l.organizationId, l.projectId, l.programId, l.allocationId, l.operator, l.site, l.cluster, l.acceleratorClass, l.model] as const;
  const rows = await db
    .select({
      kind: l.kind,
      organizationId: l.organizationId,
      projectId: l.projectId,
      programId: l.programId,
      allocationId: l.allocationId,
      operator: l.operator,
      site: l.site,
      cluster: l.cluster,
      acceleratorClass: l.acceleratorClass,
      model: l.model,
      seconds: total(l.acceleratorSeconds),
      krw: total(l.krw),
      coPayKrw: total(l.coPayKrw),
      governmentKrw: total(l.governmentKrw),
    })
    .from(l)
    .where(where)
    .groupBy(...keys);
  return rows.map((r) => ({
    kind: r.kind as LedgerEntryKind,
    workloadId: "",
    runId: "",
    allocationId: r.allocationId,
    projectId: r.projectId,
    organizationId: r.organizationId,
    programId: r.programId,
    // Entries recorded by hand carry no place; entryOf (execution/metering.ts) reads them alike.
    operator: r.operator ?? "unknown",
    site: r.site ?? "unknown",
    cluster: r.cluster ?? "unknown",
    acceleratorClass: r.acceleratorClass,
    model: r.model,
    accelerators: 0,
    startedAt: at,
    endedAt: at,
    acceleratorSeconds: BigInt(r.seconds),
    pricePerHourKrw: 0n,
    krw: BigInt(r.krw),
    coPayKrw: BigInt(r.coPayKrw),
    governmentKrw: BigInt(r.governmentKrw),
  }));
}
