/**
 * Organizations and their members. Any person may register an organization and becomes its
 * org_admin; members are managed by the organization's admins; every change is audited on the
 * organization's own chain.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { seoulDate } from "../../domain/clock.js";
import { HighwayError } from "../../domain/errors.js";
import { checkOrganization, OrganizationInput } from "../../domain/organization.js";
import { ORG_ROLES, type OrgRole } from "../../domain/roles.js";
import { parseOrThrow, throwViolations } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { memberships, organizations, people } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit } from "../audit/audit-log.js";
import {
  canReadAllOrganizations,
  requireOrganizationAdmin,
  requireOrganizationReader,
  requirePerson,
} from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, isUniqueViolation, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { forgetCached } from "../recent-cache.js";
import { hashPassword, checkPasswordStrength } from "./passwords.js";
import { personView, type PersonView } from "./people.js";

/** An organization as the API shows it. */
export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string | null;
  readonly type: string;
  readonly businessRegistrationNumber: string;
  readonly region: string;
  readonly sector: string;
  readonly foundedOn: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A member of an organization with their role. */
export interface MemberView {
  readonly person: PersonView;
  readonly role: OrgRole;
  readonly since: string;
}

/** Fields an org_admin may change. */
export const OrganizationPatch = OrganizationInput.partial().omit({ businessRegistrationNumber: true });
export type OrganizationPatch = z.infer<typeof OrganizationPatch>;

/** Adding a member: an existing person by e-mail, or a new person (name needed). */
export const MemberInput = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  phone: z.string().regex(/^[0-9+\- ]{7,20}$/).optional(),
  password: z.string().max(1024).optional(),
  role: z.enum(ORG_ROLES).default("member"),
});
export type MemberInput = z.input<typeof MemberInput>;

type OrganizationRow = typeof organizations.$inferSelect;

function view(row: OrganizationRow): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    type: row.type,
    businessRegistrationNumber: row.businessRegistrationNumber,
    region: row.region,
    sector: row.sector,
    foundedOn: row.foundedOn,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Use cases on organizations and memberships. */
export class OrganizationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Registers an organization; a person registering it becomes its org_admin. */
  async create(actor: Actor, input: unknown, options: CreateOptions = {}): Promise<Created<OrganizationView>> {
    const parsed = parseOrThrow(OrganizationInput, input);
    const now = this.deps.clock.now();
    const checked = checkOrganization(parsed, seoulDate(now));
    if (!checked.ok) throwViolations(checked.violations);
    if (actor.kind === "anonymous") requirePerson(actor);
    const org = checked.value;
    try {
      return await createOnce(this.deps, actorLabel(actor), "organization.create", parsed, options, async (tx) => {
        const id = newId(now);
        const [row] = await tx
          .insert(organizations)
          .values({ id, ...org, createdAt: now, updatedAt: now })
          .returning();
        if (actor.kind === "person") {
          await tx.insert(memberships).values({ organizationId: id, personId: actor.personId, role: "org_admin", createdAt: now });
        }
        await appendAudit(tx, this.deps.auditKey, {
          chain: id,
          actor: actorLabel(actor),
          action: "organization.created",
          subjectType: "organization",
          subjectId: id,
          change: { ...org, admin: actor.kind === "person" ? actor.personId : null },
          at: now,
        });
        return view(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new HighwayError("ORG_BRN_TAKEN", { field: "body.businessRegistrationNumber", rule: "ORG_BRN_TAKEN" });
      }
      throw error;
    } finally {
      // The creator became the organization's admin: their cached token must learn it.
      forgetCached(this.deps.store);
    }
  }

  /** Organizations the actor may see, in creation order. */
  async list(actor: Actor, page: PageRequest): Promise<Page<OrganizationView>> {
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const conditions = [];
    if (after !== null) conditions.push(gt(organizations.id, after));
    if (!canReadAllOrganizations(actor)) {
      const mine = actor.kind === "person" ? [...actor.memberships.keys()] : [];
      if (mine.length === 0) return { items: [], nextCursor: null };
      conditions.push(inArray(organizations.id, mine));
    }
    const rows = await this.deps.store.db
      .select()
      .from(organizations)
      .where(and(...conditions))
      .orderBy(asc(organizations.id))
      .limit(size + 1);
    return toPage(rows, size, view);
  }

  /** One organization, or NOT_FOUND when it does not exist or is not visible. */
  async get(actor: Actor, id: string): Promise<OrganizationView> {
    requireOrganizationReader(actor, id);
    const [row] = await this.deps.store.db.select().from(organizations).where(eq(organizations.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
    return view(row);
  }

  /** Changes an organization's descriptive fields (its registration number never changes). */
  async update(actor: Actor, id: string, input: unknown): Promise<OrganizationView> {
    requireOrganizationAdmin(actor, id);
    const patch = parseOrThrow(OrganizationPatch, input);
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const [current] = await tx.select().from(organizations).where(eq(organizations.id, id)).for("update");
      if (current === undefined) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
      const merged = { ...view(current), ...patch };
      const checked = checkOrganization({ ...merged, nameEn: merged.nameEn ?? undefined } as OrganizationInput, seoulDate(now));
      if (!checked.ok) throwViolations(checked.violations);
      const [row] = await tx
        .update(organizations)
        .set({ ...checked.value, updatedAt: now })
        .where(eq(organizations.id, id))
        .returning();
      await appendAudit(tx, this.deps.auditKey, {
        chain: id,
        actor: actorLabel(actor),
        action: "organization.updated",
        subjectType: "organization",
        subjectId: id,
        change: patch,
        at: now,
      });
      return view(row!);
    });
  }

  /** Members of an organization, in the order they joined. */
  async listMembers(actor: Actor, organizationId: string, page: PageRequest): Promise<Page<MemberView & { id: string }>> {
    requireOrganizationReader(actor, organizationId);
    await this.mustExist(this.deps.store.db, organizationId);
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select({ person: people, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(eq(memberships.organizationId, organizationId), after === null ? undefined : gt(people.id, after)))
      .orderBy(asc(people.id))
      .limit(size + 1);
    return toPage(
      rows.map((r) => ({ ...r, id: r.person.id })),
      size,
      (r) => ({ id: r.id, person: personView(r.person), role: r.role as OrgRole, since: r.since.toISOString() }),
    );
  }

  /** Adds a member: an existing person by e-mail, or a new person created with the given name. */
  async addMember(actor: Actor, organizationId: string, input: unknown, options: CreateOptions = {}): Promise<Created<MemberView>> {
    requireOrganizationAdmin(actor, organizationId);
    const parsed = parseOrThrow(MemberInput, input);
    if (parsed.password !== undefined) checkPasswordStrength(parsed.password);
    const passwordHash = parsed.password === undefined ? null : await hashPassword(parsed.password);
    const now = this.deps.clock.now();
    const email = parsed.email.toLowerCase();
    try {
      return await createOnce(this.deps, actorLabel(actor), `membership.create:${organizationId}`, parsed, options, async (tx) => {
        await this.mustExist(tx, organizationId);
        let [person] = await tx.select().from(people).where(eq(people.email, email));
        if (person === undefined) {
          if (parsed.name === undefined) {
            throw new HighwayError("VALIDATION_FAILED", {
              field: "body.name",
              rule: "required",
              detail: "body.name: is required for a person new to the platform",
              detailKo: "body.name: 플랫폼에 처음 등록하는 사용자에게는 필수 항목입니다",
            });
          }
          [person] = await tx
            .insert(people)
            .values({ id: newId(now), email, name: parsed.name, phone: parsed.phone ?? null, passwordHash, createdAt: now, updatedAt: now })
            .returning();
        }
        await tx.insert(memberships).values({ organizationId, personId: person!.id, role: parsed.role, createdAt: now });
        await appendAudit(tx, this.deps.auditKey, {
          chain: organizationId,
          actor: actorLabel(actor),
          action: "membership.added",
          subjectType: "person",
          subjectId: person!.id,
          change: { organizationId, personId: person!.id, role: parsed.role, email: parsed.email },
          at: now,
        });
        return { person: personView(person!), role: parsed.role, since: now.toISOString() };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new HighwayError("MEMBERSHIP_EXISTS", { field: "body.email", rule: "MEMBERSHIP_EXISTS" });
      throw error;
    } finally {
      forgetCached(this.deps.store);
    }
  }

  /** Removes a member; the last org_admin cannot be removed. */
  async removeMember(actor: Actor, organizationId: string, personId: string): Promise<void> {
    requireOrganizationAdmin(actor, organizationId);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const all = await tx.select().from(memberships).where(eq(memberships.organizationId, organizationId)).for("update");
      const target = all.find((m) => m.personId === personId);
      if (target === undefined) throw new HighwayError("NOT_FOUND", { detail: "membership not found", detailKo: "소속 정보를 찾을 수 없습니다" });
      if (target.role === "org_admin" && all.filter((m) => m.role === "org_admin").length === 1) {
        throw new HighwayError("MEMBERSHIP_LAST_ADMIN");
      }
      await tx.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.personId, personId)));
      await appendAudit(tx, this.deps.auditKey, {
        chain: organizationId,
        actor: actorLabel(actor),
        action: "membership.removed",
        subjectType: "person",
        subjectId: personId,
        change: { organizationId, personId },
        at: now,
      });
    });
    forgetCached(this.deps.store);
  }

  private async mustExist(db: Db, id: string): Promise<void> {
    const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "organization not found", detailKo: "기관을 찾을 수 없습니다" });
  }
}
