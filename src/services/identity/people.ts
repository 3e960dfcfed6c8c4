/**
 * People: created by a platform administrator (or by an org_admin adding a member), with platform
 * roles, an optional password for the portal, and the memberships that make up their tenancy.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { PLATFORM_ROLES, type OrgRole, type PlatformRole } from "../../domain/roles.js";
import { parseOrThrow } from "../../domain/validation.js";
import { checkMessage, patternCheck } from "../../domain/zod-korean.js";
import { newId } from "../../store/ids.js";
import { memberships, people } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { hasPlatformRole, requirePerson, requirePlatformRole } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, isUniqueViolation, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { forgetCached } from "../recent-cache.js";
import { checkPasswordStrength, hashPassword } from "./passwords.js";

/** A person as the API shows them. */
export interface PersonView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
  readonly platformRoles: readonly PlatformRole[];
  /** The Linux user the person's jobs run as; null until an administrator maps one. */
  readonly linuxUser: string | null;
  readonly createdAt: string;
}

/** The signed-in person with their organizations. */
export interface MeView extends PersonView {
  readonly memberships: readonly { readonly organizationId: string; readonly role: OrgRole }[];
}

export const PersonInput = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  phone: z.string().regex(/^[0-9+\- ]{7,20}$/).optional(),
  password: z.string().max(1024).optional(),
  platformRoles: z.array(z.enum(PLATFORM_ROLES)).max(PLATFORM_ROLES.length).default([]),
});
export type PersonInput = z.input<typeof PersonInput>;

export const PasswordInput = z.strictObject({ password: z.string().max(1024) });

/** A POSIX user name (as useradd takes it), never root: the user a person's jobs run as. */
export const LinuxUserInput = z.strictObject({
  linuxUser: z
    .string()
    .check(patternCheck(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a POSIX user name: lowercase letter or _, then up to 31 of a-z 0-9 _ -", "POSIX 사용자 이름이어야 합니다: 소문자나 _로 시작하고 그 뒤에 a-z 0-9 _ - 중 최대 31자"))
    .refine((u) => u !== "root", checkMessage("jobs never run as root", "작업은 root로 실행할 수 없습니다"))
    .nullable(),
});

type PersonRow = typeof people.$inferSelect;

/** The API view of a person row (never the password hash). */
export function personView(row: PersonRow): PersonView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    platformRoles: row.platformRoles as PlatformRole[],
    linuxUser: row.linuxUser,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Builds the actor for a person from their roles and memberships. */
export async function loadPersonActor(db: Db, personId: string, via: "token" | "session"): Promise<Actor | null> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (person === undefined) return null;
  const rows = await db.select().from(memberships).where(eq(memberships.personId, personId));
  return {
    kind: "person",
    personId,
    platformRoles: new Set(person.platformRoles as PlatformRole[]),
    memberships: new Map(rows.map((m) => [m.organizationId, m.role as OrgRole])),
    via,
  };
}

/** Use cases on people. */
export class PeopleService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Creates a person; platform administrators only. */
  async create(actor: Actor, input: unknown, options: CreateOptions = {}): Promise<Created<PersonView>> {
    requirePlatformRole(actor, "platform_admin");
    const parsed = parseOrThrow(PersonInput, input);
    if (parsed.password !== undefined) checkPasswordStrength(parsed.password);
    const passwordHash = parsed.password === undefined ? null : await hashPassword(parsed.password);
    const now = this.deps.clock.now();
    try {
      return await createOnce(this.deps, actorLabel(actor), "person.create", parsed, options, async (tx) => {
        const [row] = await tx
          .insert(people)
          .values({
            id: newId(now),
            email: parsed.email.toLowerCase(),
            name: parsed.name,
            phone: parsed.phone ?? null,
            platformRoles: [...new Set(parsed.platformRoles)],
            passwordHash,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await appendAudit(tx, this.deps.auditKey, {
          chain: PLATFORM_CHAIN,
          actor: actorLabel(actor),
          action: "person.created",
          subjectType: "person",
          subjectId: row!.id,
          change: { email: parsed.email, name: parsed.name, phone: parsed.phone, platformRoles: parsed.platformRoles },
          at: now,
        });
        return personView(row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new HighwayError("PERSON_EMAIL_TAKEN", { field: "body.email", rule: "PERSON_EMAIL_TAKEN" });
      throw error;
    }
  }

  /** The acting person with their memberships. */
  async me(actor: Actor): Promise<MeView> {
    const person = requirePerson(actor);
    const [row] = await this.deps.store.db.select().from(people).where(eq(people.id, person.personId));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
    return {
      ...personView(row),
      memberships: [...person.memberships].map(([organizationId, role]) => ({ organizationId, role })),
    };
  }

  /** A person visible to the actor: themself, someone sharing an organization, or anyone for admins and auditors. */
  async get(actor: Actor, id: string): Promise<PersonView> {
    await this.requireVisible(actor, id);
    const [row] = await this.deps.store.db.select().from(people).where(eq(people.id, id));
    if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
    return personView(row);
  }

  /** Every person; platform administrators and auditors only. */
  async list(actor: Actor, page: PageRequest): Promise<Page<PersonView>> {
    requirePlatformRole(actor, "platform_admin", "auditor");
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(people)
      .where(after === null ? undefined : gt(people.id, after))
      .orderBy(asc(people.id))
      .limit(size + 1);
    return toPage(rows, size, personView);
  }

  /** Sets a password: one's own, or anyone's for a platform administrator. */
  async setPassword(actor: Actor, id: string, input: unknown): Promise<void> {
    const { password } = parseOrThrow(PasswordInput, input);
    const self = actor.kind === "person" && actor.personId === id;
    if (!self) {
      await this.requireVisible(actor, id);
      requirePlatformRole(actor, "platform_admin");
    }
    checkPasswordStrength(password);
    const passwordHash = await hashPassword(password);
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const updated = await tx.update(people).set({ passwordHash, updatedAt: now }).where(eq(people.id, id)).returning({ id: people.id });
      if (updated.length === 0) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "person.password_set",
        subjectType: "person",
        subjectId: id,
        change: { personId: id },
        at: now,
      });
    });
  }

  /**
   * Maps the Linux user a person's jobs run as (platform administrators, who know the sites'
   * directories); null removes the mapping.
   */
  async setLinuxUser(actor: Actor, id: string, input: unknown): Promise<PersonView> {
    requirePlatformRole(actor, "platform_admin");
    const { linuxUser } = parseOrThrow(LinuxUserInput, input);
    const now = this.deps.clock.now();
    const view = await this.deps.store.transaction(async (tx) => {
      const [row] = await tx.update(people).set({ linuxUser, updatedAt: now }).where(eq(people.id, id)).returning();
      if (row === undefined) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
      await appendAudit(tx, this.deps.auditKey, { chain: PLATFORM_CHAIN, actor: actorLabel(actor), action: "person.linux_user_set", subjectType: "person", subjectId: id, change: { linuxUser }, at: now });
      return personView(row);
    });
    // Submissions remember their submitter's Linux user: the new one counts from now on.
    forgetCached(this.deps.store);
    return view;
  }

  private async requireVisible(actor: Actor, id: string): Promise<void> {
    if (hasPlatformRole(actor, "platform_admin", "auditor")) return;
    if (actor.kind !== "person") return;
    if (actor.personId === id) return;
    const mine = [...actor.memberships.keys()];
    if (mine.length > 0) {
      const shared = await this.deps.store.db
        .select({ id: memberships.personId })
        .from(memberships)
        .where(and(eq(memberships.personId, id), inArray(memberships.organizationId, mine)))
        .limit(1);
      if (shared.length > 0) return;
    }
    throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
  }
}
