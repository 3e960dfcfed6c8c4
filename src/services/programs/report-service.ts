/**
 * Program and call reports: applications, acceptance rate, awarded accelerator-hours and KRW with
 * the government share and the organizations' co-pay, by organization type, region and sector,
 * and progress toward the program's targets. JSON, or CSV (UTF-8 with BOM, Korean and English
 * headers) for spreadsheets.
 */
import { and, eq, inArray } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { allocationCommitment, programReport, programReportCsv, splitCost, costShareTable, type Allocation, type ApplicationState, type ProgramReport, type ReportApplication } from "../../domain/programs/index.js";
import type { KsicSection } from "../../domain/ksic.js";
import type { OrganizationType } from "../../domain/organization.js";
import type { RegionCode } from "../../domain/regions.js";
import { fromStored } from "../../store/json-codec.js";
import { allocations, applications, calls, organizations, projects, rounds } from "../../store/schema/index.js";
import { requirePlatformRole } from "../authorization.js";
import type { Actor, ServiceDeps } from "../context.js";
import { loadProgram } from "./program-records.js";

/** A round id that matches nothing, for a call that has no rounds yet. */
const NO_ROUND = "00000000-0000-0000-0000-000000000000";

/** Use cases on reports. */
export class ReportService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The report of a program, or of one of its calls. */
  async program(actor: Actor, programId: string, callId?: string): Promise<ProgramReport> {
    requirePlatformRole(actor, "program_manager", "platform_admin", "auditor");
    const db = this.deps.store.db;
    const program = await loadProgram(db, programId, false);
    let roundIds: string[] | null = null;
    if (callId !== undefined) {
      const [call] = await db.select().from(calls).where(and(eq(calls.id, callId), eq(calls.programId, programId)));
      if (call === undefined) throw new HighwayError("NOT_FOUND", { detail: "call not found", detailKo: "공모를 찾을 수 없습니다" });
      roundIds = (await db.select({ id: rounds.id }).from(rounds).where(eq(rounds.callId, callId))).map((r) => r.id);
    }
    const rows = await db
      .select({ app: applications, org: organizations })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .where(and(eq(applications.programId, programId), roundIds === null ? undefined : inArray(applications.roundId, roundIds.length === 0 ? [NO_ROUND] : roundIds)));
    // Each allocation belongs to one project, and each project to the application it was awarded for.
    const awarded = await db
      .select({ applicationId: projects.applicationId, data: allocations.data })
      .from(allocations)
      .innerJoin(projects, eq(projects.id, allocations.projectId))
      .where(eq(allocations.programId, programId));
    const byApplication = new Map(awarded.map((a) => [a.applicationId, fromStored<Allocation>(a.data)]));
    const table = costShareTable(program.settings.costShareBp);
    const report: ReportApplication[] = rows.map(({ app, org }) => {
      const allocation = byApplication.get(app.id);
      let award: ReportApplication["award"] = null;
      if (allocation !== undefined) {
        const commitment = allocationCommitment(allocation);
        const split = splitCost(commitment.krw, org.type as OrganizationType, table);
        award = { acceleratorHours: commitment.acceleratorHours, krw: commitment.krw, governmentKrw: split.governmentKrw, coPayKrw: split.coPayKrw };
      }
      return {
        applicationId: app.id,
        organizationId: org.id,
        organizationType: org.type as OrganizationType,
        region: org.region as RegionCode,
        sector: org.sector as KsicSection,
        state: app.state as ApplicationState,
        award,
      };
    });
    return programReport(report, program.settings.targets);
  }

  /** The same report as CSV text. */
  async programCsv(actor: Actor, programId: string, callId?: string): Promise<string> {
    return programReportCsv(await this.program(actor, programId, callId), "both");
  }
}
