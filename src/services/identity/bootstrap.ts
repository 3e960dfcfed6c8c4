/**
 * First run: while the platform has no administrator, each start issues a one-time bootstrap
 * token (only its digest is stored, so each start rotates it). Claiming it creates the first
 * platform_admin and their first API token; afterwards the token is spent.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { apiTokens, bootstrap, people } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import type { ServiceDeps } from "../context.js";
import { checkPasswordStrength, hashPassword } from "./passwords.js";
import { personView, type PersonView } from "./people.js";
import { newSecret, secretHash } from "./secrets.js";

export const AdminInput = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().max(1024).optional(),
});
export type AdminInput = z.input<typeof AdminInput>;

export const ClaimInput = AdminInput.extend({ bootstrapToken: z.string().min(1).max(200) });

/** The first administrator and their first API token (shown once). */
export interface FirstAdmin {
  readonly person: PersonView;
  readonly token: string;
}

/** Use cases of the first run. */
export class BootstrapService {
  constructor(private readonly deps: ServiceDeps) {}

  /** True once any platform_admin exists. */
  async hasAdministrator(db: Db = this.deps.store.db): Promise<boolean> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(people)
      .where(sql`'platform_admin' = any(${people.platformRoles})`);
    return (row?.n ?? 0) > 0;
  }

  /** Issues a fresh bootstrap token while no administrator exists; null afterwards. */
  async issueToken(): Promise<string | null> {
    if (await this.hasAdministrator()) return null;
    const token = newSecret("boot");
    const now = this.deps.clock.now();
    await this.deps.store.db
      .insert(bootstrap)
      .values({ id: 1, tokenHash: secretHash(token), createdAt: now })
      .onConflictDoUpdate({ target: bootstrap.id, set: { tokenHash: secretHash(token), createdAt: now, usedAt: null } });
    return token;
  }

  /** Claims the bootstrap token: creates the first administrator and an API token for them. */
  async claim(input: unknown): Promise<FirstAdmin> {
    const parsed = parseOrThrow(ClaimInput, input);
    return this.deps.store.transaction(async (tx) => {
      const [row] = await tx.select().from(bootstrap).where(eq(bootstrap.id, 1)).for("update");
      if (row === undefined || row.usedAt !== null || row.tokenHash !== secretHash(parsed.bootstrapToken)) {
        throw new HighwayError("BOOTSTRAP_INVALID");
      }
      await tx.update(bootstrap).set({ usedAt: this.deps.clock.now() }).where(eq(bootstrap.id, 1));
      return this.createAdmin(tx, parsed, "system:bootstrap");
    });
  }

  /** Creates an administrator directly (the local CLI, which owns the data directory). */
  async createAdministrator(input: unknown): Promise<FirstAdmin> {
    const parsed = parseOrThrow(AdminInput, input);
    return this.deps.store.transaction((tx) => this.createAdmin(tx, parsed, "system:cli"));
  }

  private async createAdmin(tx: Db, input: z.infer<typeof AdminInput>, actor: string): Promise<FirstAdmin> {
    if (input.password !== undefined) checkPasswordStrength(input.password);
    const now = this.deps.clock.now();
    const email = input.email.toLowerCase();
    const [existing] = await tx.select({ id: people.id }).from(people).where(eq(people.email, email));
    if (existing !== undefined) throw new HighwayError("PERSON_EMAIL_TAKEN", { field: "body.email", rule: "PERSON_EMAIL_TAKEN" });
    const [person] = await tx
      .insert(people)
      .values({
        id: newId(now),
        email,
        name: input.name,
        platformRoles: ["platform_admin"],
        passwordHash: input.password === undefined ? null : await hashPassword(input.password),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const token = newSecret("tok");
    const tokenId = newId(now);
    await tx.insert(apiTokens).values({
      id: tokenId,
      personId: person!.id,
      name: "first administrator",
      tokenHash: secretHash(token),
      prefix: token.slice(0, 16),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 90 * 86_400_000),
    });
    await appendAudit(tx, this.deps.auditKey, {
      chain: PLATFORM_CHAIN,
      actor,
      action: "person.created",
      subjectType: "person",
      subjectId: person!.id,
      change: { email: input.email, name: input.name, platformRoles: ["platform_admin"], tokenId },
      at: now,
    });
    return { person: personView(person!), token };
  }
}
