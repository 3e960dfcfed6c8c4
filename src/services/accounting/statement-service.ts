/**
 * Accounting over the usage ledger: an organization's monthly statement (its co-pay invoice with
 * VAT), an operator's monthly settlement statement, an allocation's balance in accelerator-seconds
 * and won, and the ledger's entries page by page. Months are Seoul calendar months; a month's
 * entries are those whose start falls in it, read through the ledger's (organization, start) and
 * (operator, start) indexes and summed in the database (ledger-sums.ts). The arithmetic is the
 * metering domain's.
 */
import { and, asc, eq, gt, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { formatBusinessRegistrationNumber } from "../../domain/business-registration-number.js";
import { HighwayError } from "../../domain/errors.js";
import { withParticle } from "../../domain/korean-particles.js";
import {
  acceleratorHoursText,
  operatorStatement,
  operatorStatementCsv,
  organizationStatement,
  organizationStatementCsv,
  seoulMonthRange,
  unreserved,
  type LedgerEntry,
  type OperatorStatement,
  type OrganizationStatement,
} from "../../domain/metering/index.js";
import type { Allocation } from "../../domain/programs/allocation.js";
import { parseOrThrow } from "../../domain/validation.js";
import { checkMessage, patternCheck } from "../../domain/zod-korean.js";
import { fromStored } from "../../store/json-codec.js";
import { allocationBalances, allocations, fleetOperators, organizations, projectMembers, usageLedger } from "../../store/schema/index.js";
import { entryOf } from "../execution/metering.js";
import { hasPlatformRole, requireAuthenticated, requireOrganizationReaderOrOverseer, requirePlatformRole } from "../authorization.js";
import type { Actor, ServiceDeps } from "../context.js";
import { decodeCursor, pageSize, toPage, type Page } from "../pagination.js";
import { ledgerSums } from "./ledger-sums.js";

/** A Seoul calendar month, "YYYY-MM". */
export const StatementMonth = z.string().check(patternCheck(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a calendar month written YYYY-MM, such as 2027-01", "2027-01처럼 YYYY-MM 형식의 연월이어야 합니다"));

/** An operator's key as the fleet file names it: letters, digits, '.', '_' and '-'. */
export const OperatorKey = z
  .string()
  .min(1)
  .max(100)
  .check(patternCheck(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, "must be an operator key of the fleet, such as kisti", "kisti처럼 플릿의 운영 기관 키여야 합니다"));

const OrganizationMonth = z.strictObject({ organizationId: z.uuid(), month: StatementMonth });
const OperatorMonth = z.strictObject({ operator: OperatorKey, month: StatementMonth });

/** What the usage list is asked for: one allocation or project, optionally a time window, a kind. */
export const UsageQuery = z
  .strictObject({
    allocationId: z.uuid().optional(),
    projectId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional().describe("Entries starting at or after this instant"),
    to: z.iso.datetime({ offset: true }).optional().describe("Entries starting before this instant"),
    kind: z.enum(["usage", "credit"]).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .refine((q) => q.allocationId !== undefined || q.projectId !== undefined, {
    ...checkMessage("give allocationId or projectId", "allocationId 또는 projectId를 지정하십시오"),
    path: ["allocationId"],
  });

/** An organization's statement with what an invoice needs to name the organization. */
export interface OrganizationInvoice extends OrganizationStatement {
  readonly organizationName: string;
  readonly organizationNameEn: string | null;
  /** "123-45-67890". */
  readonly businessRegistrationNumber: string;
}

/** One accelerator class of an allocation: seconds and hours granted, used, reserved and free; won charged. */
export interface ClassBalance {
  readonly acceleratorClass: string;
  readonly grantedSeconds: bigint;
  /** Usage less credits. */
  readonly usedSeconds: bigint;
  /** Held by workloads not yet ended (accelerators x time limit, less what they used). */
  readonly reservedSeconds: bigint;
  /** granted - used - reserved; below zero when runs overran their time limits. */
  readonly unreservedSeconds: bigint;
  readonly grantedHours: string;
  readonly usedHours: string;
  readonly reservedHours: string;
  readonly unreservedHours: string;
  /** Usage less credits, in won, from the ledger. */
  readonly chargedKrw: bigint;
  readonly coPayKrw: bigint;
  readonly governmentKrw: bigint;
}

/** An allocation's balance, class by class, with the won charged so far. */
export interface AllocationBalance {
  readonly allocationId: string;
  readonly projectId: string;
  readonly organizationId: string;
  readonly programId: string;
  /** The organization's share in basis points (the program's cost share for its type). */
  readonly coPayBp: number;
  readonly asOf: string;
  readonly classes: readonly ClassBalance[];
  readonly totals: { readonly chargedKrw: bigint; readonly coPayKrw: bigint; readonly governmentKrw: bigint };
}

/** A ledger entry as the usage list shows it. */
export type UsageEntryView = LedgerEntry & { readonly id: string; readonly recordedAt: string };

type AllocationRow = typeof allocations.$inferSelect;

/** Use cases on the ledger: statements, balances and usage. */
export class StatementService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The organization's statement for a Seoul month, for its members and the platform's overseers
   * (NOT_FOUND for anyone else, as for a missing organization).
   */
  async organizationStatement(actor: Actor, organizationId: string, month: string): Promise<OrganizationInvoice> {
    requireAuthenticated(actor);
    const input = parseOrThrow(OrganizationMonth, { organizationId, month }, "");
    requireOrganizationReaderOrOverseer(actor, input.organizationId);
    const db = this.deps.store.db;
    const [org] = await db.select().from(organizations).where(eq(organizations.id, input.organizationId));
    if (org === undefined) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
    const range = seoulMonthRange(input.month);
    const sums = await ledgerSums(db, and(eq(usageLedger.organizationId, org.id), ...inMonth(range)), range.from);
    return {
      ...organizationStatement(sums, { organizationId: org.id, month: input.month }),
      organizationName: org.name,
      organizationNameEn: org.nameEn,
      businessRegistrationNumber: formatBusinessRegistrationNumber(org.businessRegistrationNumber),
    };
  }

  /** The same statement as CSV (UTF-8 with BOM, Korean and English headers). */
  async organizationStatementCsv(actor: Actor, organizationId: string, month: string): Promise<string> {
    return organizationStatementCsv(await this.organizationStatement(actor, organizationId, month), "both");
  }

  /**
   * An operator's settlement statement for a Seoul month: what its clusters delivered, less what
   * node failures cost. Platform administrators and auditors only. An operator neither in the
   * fleet nor in the month's ledger is NOT_FOUND, so that a mistyped key does not read as zero.
   */
  async operatorStatement(actor: Actor, operator: string, month: string): Promise<OperatorStatement> {
    requirePlatformRole(actor, "platform_admin", "auditor");
    const input = parseOrThrow(OperatorMonth, { operator, month }, "");
    const db = this.deps.store.db;
    const range = seoulMonthRange(input.month);
    const sums = await ledgerSums(db, and(eq(usageLedger.operator, input.operator), ...inMonth(range)), range.from);
    if (sums.length === 0) {
      const [known] = await db.select({ id: fleetOperators.id }).from(fleetOperators).where(eq(fleetOperators.key, input.operator));
      if (known === undefined) throw new HighwayError("NOT_FOUND", {
          detail: `operator ${input.operator} is not in the fleet and has no usage in ${input.month}`,
          detailKo: `운영 기관 ${withParticle(input.operator, "은/는")} 플릿에 없고 ${input.month} 사용 기록도 없습니다`,
        });
    }
    return operatorStatement(sums, { operator: input.operator, month: input.month });
  }

  /** The same statement as CSV. */
  async operatorStatementCsv(actor: Actor, operator: string, month: string): Promise<string> {
    return operatorStatementCsv(await this.operatorStatement(actor, operator, month), "both");
  }

  /** The allocation's balance per class, and the won charged so far, for the project's people and overseers. */
  async balance(actor: Actor, allocationId: string): Promise<AllocationBalance> {
    const db = this.deps.store.db;
    const row = await this.visibleAllocation(actor, { allocationId });
    const balances = await db.select().from(allocationBalances).where(eq(allocationBalances.allocationId, row.id)).orderBy(asc(allocationBalances.acceleratorClass));
    const sums = await ledgerSums(db, eq(usageLedger.allocationId, row.id), this.deps.clock.now().toISOString());
    const won = (cls: string | null) => {
      let chargedKrw = 0n;
      let coPayKrw = 0n;
      let governmentKrw = 0n;
      for (const s of sums) {
        if (cls !== null && s.acceleratorClass !== cls) continue;
        const sign = s.kind === "usage" ? 1n : -1n;
        chargedKrw += sign * s.krw;
        coPayKrw += sign * s.coPayKrw;
        governmentKrw += sign * s.governmentKrw;
      }
      return { chargedKrw, coPayKrw, governmentKrw };
    };
    const classes = balances.map((b): ClassBalance => {
      const free = unreserved(b);
      return {
        acceleratorClass: b.acceleratorClass,
        grantedSeconds: b.grantedSeconds,
        usedSeconds: b.usedSeconds,
        reservedSeconds: b.reservedSeconds,
        unreservedSeconds: free,
        grantedHours: acceleratorHoursText(b.grantedSeconds),
        usedHours: acceleratorHoursText(b.usedSeconds),
        reservedHours: acceleratorHoursText(b.reservedSeconds),
        unreservedHours: acceleratorHoursText(free),
        ...won(b.acceleratorClass),
      };
    });
    return {
      allocationId: row.id,
      projectId: row.projectId,
      organizationId: row.organizationId,
      programId: row.programId,
      coPayBp: fromStored<Allocation>(row.data).coPayBp,
      asOf: this.deps.clock.now().toISOString(),
      classes,
      totals: won(null),
    };
  }

  /** The ledger entries of one allocation (or project) in recording order, a page at a time. */
  async usage(actor: Actor, query: unknown): Promise<Page<UsageEntryView>> {
    requireAuthenticated(actor);
    const q = parseOrThrow(UsageQuery, query, "query");
    const row = await this.visibleAllocation(actor, q);
    const after = decodeCursor(q.cursor);
    const size = pageSize({ limit: q.limit });
    const conditions: (SQL | undefined)[] = [
      eq(usageLedger.allocationId, row.id),
      after === null ? undefined : gt(usageLedger.id, after),
      q.from === undefined ? undefined : gte(usageLedger.startedAt, new Date(q.from)),
      q.to === undefined ? undefined : lt(usageLedger.startedAt, new Date(q.to)),
      q.kind === undefined ? undefined : eq(usageLedger.kind, q.kind),
    ];
    const rows = await this.deps.store.db.select().from(usageLedger).where(and(...conditions)).orderBy(asc(usageLedger.id)).limit(size + 1);
    return toPage(rows, size, (r) => ({ id: r.id, ...entryOf(r), recordedAt: r.recordedAt.toISOString() }));
  }

  /**
   * The allocation named by id or by its project (both must agree when both are given), if the
   * actor oversees the platform, belongs to the organization, or is a member of the project;
   * NOT_FOUND otherwise, as for an allocation that does not exist.
   */
  private async visibleAllocation(actor: Actor, by: { readonly allocationId?: string | undefined; readonly projectId?: string | undefined }): Promise<AllocationRow> {
    requireAuthenticated(actor);
    const notFound = () => new HighwayError("NOT_FOUND", { detail: "allocation not found", detailKo: "할당을 찾을 수 없습니다" });
    const ids = [by.allocationId, by.projectId].filter((id): id is string => id !== undefined);
    if (ids.some((id) => !z.uuid().safeParse(id).success)) throw notFound();
    const db = this.deps.store.db;
    const conditions = [by.allocationId === undefined ? undefined : eq(allocations.id, by.allocationId), by.projectId === undefined ? undefined : eq(allocations.projectId, by.projectId)];
    const [row] = await db.select().from(allocations).where(and(...conditions));
    if (row === undefined) throw notFound();
    if (hasPlatformRole(actor, "program_manager", "platform_admin", "auditor")) return row;
    if (actor.kind !== "person") throw notFound();
    if (actor.memberships.has(row.organizationId)) return row;
    // A project may have members from outside its organization (collaborators).
    const [member] = await db
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, row.projectId), eq(projectMembers.personId, actor.personId)));
    if (member === undefined) throw notFound();
    return row;
  }
}

/** Entries starting in [from, to): the second column of the ledger's month indexes. */
function inMonth(range: { readonly from: string; readonly to: string }): SQL[] {
  return [gte(usageLedger.startedAt, new Date(range.from)), lt(usageLedger.startedAt, new Date(range.to))];
}
