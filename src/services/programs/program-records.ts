/**
 * Reading and writing the program records the use cases share: a program under its row lock, the
 * program's standing (what it has committed, to whom), reference prices, the usage ledger of an
 * allocation, and the one place an allocation outcome is written (allocation, queue and program
 * commitment together, in the caller's transaction).
 */
import { readFileSync } from "node:fs";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { parseFleet } from "../../domain/fleet.js";
import { addAmounts, allocationCommitment, classReferencePrices, type Allocation, type AllocationContext, type AllocationOutcome, type AllocationUsage, type BudgetAmounts, type ProgramSettings, type UsageLedgerEntry, usageByClass } from "../../domain/programs/index.js";
import { isNonCapitalRegion, type RegionCode } from "../../domain/regions.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { acceleratorModels, allocationBalances, allocations, organizations, programs, queues, usageLedger } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

/** A program row decoded, read under `FOR UPDATE` when the caller will change its commitment. */
export interface LockedProgram {
  readonly id: string;
  readonly settings: ProgramSettings;
  readonly committed: BudgetAmounts;
}

/** Reads a program; with `lock`, holds its row until the transaction ends (budget changes serialize here). */
export async function loadProgram(db: Db, id: string, lock: boolean): Promise<LockedProgram> {
  const query = db.select().from(programs).where(eq(programs.id, id));
  const [row] = lock ? await query.for("update") : await query;
  if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "program not found", detailKo: "사업을 찾을 수 없습니다" });
  return { id: row.id, settings: fromStored<ProgramSettings>(row.settings), committed: fromStored<BudgetAmounts>(row.committed) };
}

/** The context the allocation rules need. */
export function allocationContext(program: LockedProgram): AllocationContext {
  return { programId: program.id, program: program.settings, committed: program.committed };
}

/** What the program holds already: the capital region's part, and per organization. */
export interface ProgramStanding {
  readonly committed: BudgetAmounts;
  readonly capitalCommitted: BudgetAmounts;
  readonly hoursByOrganization: Readonly<Record<string, Readonly<Record<string, bigint>>>>;
  readonly activeAwardsByOrganization: Readonly<Record<string, number>>;
}

/** Computes the standing from the program's allocations (read in the caller's transaction). */
export async function loadStanding(db: Db, program: LockedProgram): Promise<ProgramStanding> {
  const rows = await db
    .select({ data: allocations.data, organizationId: allocations.organizationId, status: allocations.status, region: organizations.region })
    .from(allocations)
    .innerJoin(organizations, eq(organizations.id, allocations.organizationId))
    .where(eq(allocations.programId, program.id));
  let capital: BudgetAmounts = { krw: 0n, acceleratorHours: {} };
  const hours: Record<string, Record<string, bigint>> = {};
  const active: Record<string, number> = {};
  for (const row of rows) {
    const allocation = fromStored<Allocation>(row.data);
    const commitment = allocationCommitment(allocation);
    if (!isNonCapitalRegion(row.region as RegionCode)) capital = addAmounts(capital, commitment);
    const mine = (hours[row.organizationId] ??= {});
    for (const [cls, h] of Object.entries(commitment.acceleratorHours)) mine[cls] = (mine[cls] ?? 0n) + h;
    if (row.status === "active") active[row.organizationId] = (active[row.organizationId] ?? 0) + 1;
  }
  return { committed: program.committed, capitalCommitted: capital, hoursByOrganization: hours, activeAwardsByOrganization: active };
}

let bundledPrices: Record<string, bigint> | undefined;

/**
 * Reference prices per accelerator class: the highest model price in each class, from the fleet
 * registry's active models; before any fleet is imported, from the fleet the product ships
 * (fixtures/fleet/national-260k.json).
 */
export async function referencePrices(db: Db): Promise<Record<string, bigint>> {
  const models = await db.select().from(acceleratorModels).where(isNull(acceleratorModels.retiredAt));
  if (models.length > 0) return classReferencePrices(models.map((m) => ({ acceleratorClass: m.acceleratorClass, refPriceKrwPerHour: m.refPriceKrwPerHour })));
  if (bundledPrices === undefined) {
    const fleet = parseFleet(JSON.parse(readFileSync(new URL("../../../fixtures/fleet/national-260k.json", import.meta.url), "utf8")));
    bundledPrices = classReferencePrices(
      Object.values(fleet.acceleratorModels).map((m) => ({ acceleratorClass: m.class, refPriceKrwPerHour: BigInt(m.refPriceKrwPerHour) })),
    );
  }
  return bundledPrices;
}

/** Writes an outcome: the allocation, its queue and the program's new commitment, all in `tx`. */
export async function writeOutcome(tx: Db, allocationId: string, projectId: string, outcome: AllocationOutcome, at: Date): Promise<void> {
  const a = outcome.allocation;
  await tx
    .update(allocations)
    .set({ data: toStored(a), status: a.status, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), updatedAt: at })
    .where(eq(allocations.id, allocationId));
  await tx
    .insert(queues)
    .values({ projectId, cohort: outcome.queue.cohort, parameters: toStored(outcome.queue), updatedAt: at })
    .onConflictDoUpdate({ target: queues.projectId, set: { cohort: outcome.queue.cohort, parameters: toStored(outcome.queue), updatedAt: at } });
  await tx.update(programs).set({ committed: toStored(outcome.committed), updatedAt: at }).where(eq(programs.id, a.programId));
  // The balance workloads reserve against: released hours while active, nothing once ended.
  for (const g of a.grants) {
    const grantedSeconds = a.status === "active" ? g.releasedHours * 3_600n : 0n;
    await tx
      .insert(allocationBalances)
      .values({ allocationId, acceleratorClass: g.acceleratorClass, grantedSeconds, usedSeconds: 0n, reservedSeconds: 0n, updatedAt: at })
      .onConflictDoUpdate({ target: [allocationBalances.allocationId, allocationBalances.acceleratorClass], set: { grantedSeconds, updatedAt: at } });
  }
}

/** The usage ledger entries of allocations, in the domain's shape. */
export async function ledgerEntries(db: Db, allocationIds: readonly string[]): Promise<UsageLedgerEntry[]> {
  if (allocationIds.length === 0) return [];
  const rows = await db.select().from(usageLedger).where(inArray(usageLedger.allocationId, [...allocationIds]));
  return rows.map((r) => ({
    workloadId: r.workloadId,
    allocationId: r.allocationId,
    acceleratorClass: r.acceleratorClass,
    model: r.model,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt.toISOString(),
    acceleratorSeconds: r.kind === "credit" ? -r.acceleratorSeconds : r.acceleratorSeconds,
    krw: r.kind === "credit" ? -r.krw : r.krw,
    governmentKrw: r.kind === "credit" ? -r.governmentKrw : r.governmentKrw,
    coPayKrw: r.kind === "credit" ? -r.coPayKrw : r.coPayKrw,
  }));
}

/** An allocation's use per class, whole or within a window. */
export async function allocationUsage(db: Db, allocationId: string, window?: { from: string; to: string }): Promise<AllocationUsage> {
  return usageByClass(await ledgerEntries(db, [allocationId]), window);
}

/** An allocation row decoded, locked for the change about to be written. */
export async function loadAllocation(db: Db, id: string, lock: boolean) {
  const query = db.select().from(allocations).where(and(eq(allocations.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "allocation not found", detailKo: "할당을 찾을 수 없습니다" });
  return { row, allocation: fromStored<Allocation>(row.data) };
}
