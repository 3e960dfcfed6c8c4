/**
 * Programs, calls and rounds: what program managers define. Programs are public information (any
 * signed-in person may read them); only program managers and platform administrators change them.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { HighwayError } from "../../domain/errors.js";
import { CallInput, checkRoundSettings, RoundInput, type CallSettings, type RoundSettings } from "../../domain/programs/round.js";
import { parseProgram, type ProgramSettings } from "../../domain/programs/program.js";
import { ZERO_AMOUNTS, type BudgetAmounts } from "../../domain/programs/budget.js";
import type { RuleResult } from "../../domain/programs/rule-result.js";
import { parseOrThrow, violationsDetail } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { fromStored, toStored } from "../../store/json-codec.js";
import { calls, programs, rounds } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { requireAuthenticated, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, isUniqueViolation, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";

/** A program as the API shows it. */
export interface ProgramView {
  readonly id: string;
  readonly code: string;
  readonly fiscalYear: number;
  readonly settings: ProgramSettings;
  readonly committed: BudgetAmounts;
  readonly createdAt: string;
}

/** A call of a program. */
export interface CallView {
  readonly id: string;
  readonly programId: string;
  readonly settings: CallSettings;
  readonly createdAt: string;
}

/** A round of a call. */
export interface RoundView {
  readonly id: string;
  readonly callId: string;
  readonly programId: string;
  readonly settings: RoundSettings;
  readonly createdAt: string;
}

/** Throws the domain rule's own code with every violation, or returns the value. */
export function orThrow<T>(result: RuleResult<T>, prefix = "body"): T {
  if (result.ok) return result.value;
  const violations = result.violations.map((v) => ({ ...v, field: prefix === "" ? v.field : `${prefix}.${v.field}` }));
  throw new HighwayError(result.code, { ...violationsDetail(violations), violations });
}

type ProgramRow = typeof programs.$inferSelect;

export function programView(row: ProgramRow): ProgramView {
  return {
    id: row.id,
    code: row.code,
    fiscalYear: row.fiscalYear,
    settings: fromStored<ProgramSettings>(row.settings),
    committed: fromStored<BudgetAmounts>(row.committed),
    createdAt: row.createdAt.toISOString(),
  };
}

function callView(row: typeof calls.$inferSelect): CallView {
  return { id: row.id, programId: row.programId, settings: fromStored<CallSettings>(row.settings), createdAt: row.createdAt.toISOString() };
}

export function roundView(row: typeof rounds.$inferSelect): RoundView {
  return { id: row.id, callId: row.callId, programId: row.programId, settings: fromStored<RoundSettings>(row.settings), createdAt: row.createdAt.toISOString() };
}

/** Use cases on programs, calls and rounds. */
export class ProgramService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Defines a program. */
  async create(actor: Actor, input: unknown, options: CreateOptions = {}): Promise<Created<ProgramView>> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const settings = orThrow(parseProgram(input));
    const now = this.deps.clock.now();
    try {
      return await createOnce(this.deps, actorLabel(actor), "program.create", toStored(settings), options, async (tx) => {
        const [row] = await tx
          .insert(programs)
          .values({
            id: newId(now),
            code: settings.code,
            fiscalYear: settings.fiscalYear,
            nameKo: settings.name.ko,
            nameEn: settings.name.en,
            settings: toStored(settings),
            committed: toStored(ZERO_AMOUNTS),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await this.audit(tx, actor, "program.created", "program", row!.id, settings, now);
        return programView(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new HighwayError("VALIDATION_FAILED", {
          field: "body.code",
          rule: "unique",
          detail: `body.code: a program with code ${settings.code} exists`,
          detailKo: `body.code: 코드가 ${settings.code}인 사업이 이미 있습니다`,
        });
      }
      throw error;
    }
  }

  /** Every program, oldest first. */
  async list(actor: Actor, page: PageRequest): Promise<Page<ProgramView>> {
    requireAuthenticated(actor);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(programs)
      .where(after === null ? undefined : gt(programs.id, after))
      .orderBy(asc(programs.id))
      .limit(size + 1);
    return toPage(rows, size, programView);
  }

  /** One program. */
  async get(actor: Actor, id: string): Promise<ProgramView> {
    requireAuthenticated(actor);
    return programView(await this.programRow(this.deps.store.db, id));
  }

  /** Opens a call under a program. */
  async createCall(actor: Actor, programId: string, input: unknown, options: CreateOptions = {}): Promise<Created<CallView>> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const settings = parseOrThrow(CallInput, input);
    const now = this.deps.clock.now();
    try {
      return await createOnce(this.deps, actorLabel(actor), `call.create:${programId}`, settings, options, async (tx) => {
        await this.programRow(tx, programId);
        const [row] = await tx.insert(calls).values({ id: newId(now), programId, code: settings.code, settings: toStored(settings), createdAt: now }).returning();
        await this.audit(tx, actor, "call.created", "call", row!.id, { programId, ...settings }, now);
        return callView(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new HighwayError("VALIDATION_FAILED", {
          field: "body.code",
          rule: "unique",
          detail: `body.code: the program has a call ${settings.code}`,
          detailKo: `body.code: 이 사업에 코드가 ${settings.code}인 공모가 이미 있습니다`,
        });
      }
      throw error;
    }
  }

  /** The calls of a program. */
  async listCalls(actor: Actor, programId: string, page: PageRequest): Promise<Page<CallView>> {
    requireAuthenticated(actor);
    await this.programRow(this.deps.store.db, programId);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(calls)
      .where(and(eq(calls.programId, programId), after === null ? undefined : gt(calls.id, after)))
      .orderBy(asc(calls.id))
      .limit(size + 1);
    return toPage(rows, size, callView);
  }

  /** Opens a round of a call. */
  async createRound(actor: Actor, callId: string, input: unknown, options: CreateOptions = {}): Promise<Created<RoundView>> {
    requirePlatformRole(actor, "program_manager", "platform_admin");
    const settings = orThrow(checkRoundSettings(parseOrThrow(RoundInput, input)));
    const now = this.deps.clock.now();
    return createOnce(this.deps, actorLabel(actor), `round.create:${callId}`, toStored(settings), options, async (tx) => {
      const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
      if (call === undefined) throw new HighwayError("NOT_FOUND", { detail: "call not found", detailKo: "공모를 찾을 수 없습니다" });
      const [row] = await tx
        .insert(rounds)
        .values({
          id: newId(now),
          callId,
          programId: call.programId,
          settings: toStored(settings),
          opensAt: new Date(settings.opensAt),
          closesAt: new Date(settings.closesAt),
          createdAt: now,
        })
        .returning();
      await this.audit(tx, actor, "round.created", "round", row!.id, { callId, ...settings }, now);
      return roundView(row!);
    });
  }

  /** The rounds of a call. */
  async listRounds(actor: Actor, callId: string, page: PageRequest): Promise<Page<RoundView>> {
    requireAuthenticated(actor);
    const [call] = await this.deps.store.db.select({ id: calls.id }).from(calls).where(eq(calls.id, callId));
    if (call === undefined) throw new HighwayError("NOT_FOUND", { detail: "call not found", detailKo: "공모를 찾을 수 없습니다" });
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(rounds)
      .where(and(eq(rounds.callId, callId), after === null ? undefined : gt(rounds.id, after)))
      .orderBy(asc(rounds.id))
      .limit(size + 1);
    return toPage(rows, size, roundView);
  }

  /** One round. */
  async getRound(actor: Actor, id: string): Promise<RoundView> {
    requireAuthenticated(actor);
    const [row] = await this.deps.store.db.select().from(rounds).where(eq(rounds.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "round not found", detailKo: "공모 차수를 찾을 수 없습니다" });
    return roundView(row);
  }

  private async programRow(db: Db, id: string): Promise<ProgramRow> {
    const [row] = await db.select().from(programs).where(eq(programs.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "program not found", detailKo: "사업을 찾을 수 없습니다" });
    return row;
  }

  private audit(tx: Db, actor: Actor, action: string, subjectType: string, subjectId: string, change: unknown, at: Date): Promise<void> {
    return appendAudit(tx, this.deps.auditKey, { chain: PLATFORM_CHAIN, actor: actorLabel(actor), action, subjectType, subjectId, change, at });
  }
}
