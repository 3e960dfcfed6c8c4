/**
 * Portal sessions: password login with a rate limit on failures (per e-mail and per client
 * address, counted in the database so that every replica sees them), a session secret for an
 * HttpOnly cookie, and a CSRF token that cookie-authenticated writes must echo in a header.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { loginFailures, people, sessions } from "../../store/schema/index.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import type { Actor, ServiceDeps } from "../context.js";
import { verifyPassword } from "./passwords.js";
import { loadPersonActor } from "./people.js";
import { newSecret, secretHash } from "./secrets.js";

export const LoginInput = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

/** A new session: the cookie secret and the CSRF token for the portal to echo. */
export interface NewSession {
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly personId: string;
  readonly expiresAt: string;
}

/** Use cases on portal sessions. */
export class SessionService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Checks the password and opens a session; refuses while the e-mail or client is rate-limited. */
  async login(input: unknown, clientKey: string): Promise<NewSession> {
    const { email, password } = parseOrThrow(LoginInput, input);
    const keys = [`email:${email.toLowerCase()}`, `client:${clientKey}`];
    const now = this.deps.clock.now();
    // One address may front many people (a campus NAT), so it gets more room than one e-mail.
    await this.refuseIfLimited(keys[0]!, now, this.deps.loginMaxFailures);
    await this.refuseIfLimited(keys[1]!, now, this.deps.loginMaxFailures * 4);
    const [person] = await this.deps.store.db.select().from(people).where(eq(people.email, email.toLowerCase()));
    const ok = await verifyPassword(password, person?.passwordHash ?? null);
    if (!ok || person === undefined) {
      for (const key of keys) await this.recordFailure(key, now);
      throw new HighwayError("AUTH_LOGIN_FAILED");
    }
    const sessionToken = newSecret("ses");
    const csrfToken = newSecret("csrf");
    const expiresAt = new Date(now.getTime() + this.deps.sessionTtlHours * 3_600_000);
    await this.deps.store.transaction(async (tx) => {
      for (const key of keys) await tx.delete(loginFailures).where(eq(loginFailures.key, key));
      const id = newId(now);
      await tx.insert(sessions).values({ id, personId: person.id, tokenHash: secretHash(sessionToken), csrfToken, createdAt: now, expiresAt });
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: `person:${person.id}`,
        action: "session.opened",
        subjectType: "session",
        subjectId: id,
        change: { personId: person.id, expiresAt },
        at: now,
      });
    });
    return { sessionToken, csrfToken, personId: person.id, expiresAt: expiresAt.toISOString() };
  }

  /** Ends a session (idempotent). */
  async logout(sessionToken: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const ended = await tx
        .update(sessions)
        .set({ endedAt: now })
        .where(and(eq(sessions.tokenHash, secretHash(sessionToken)), isNull(sessions.endedAt)))
        .returning();
      const row = ended[0];
      if (row === undefined) return;
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: `person:${row.personId}`,
        action: "session.ended",
        subjectType: "session",
        subjectId: row.id,
        change: { personId: row.personId },
        at: now,
      });
    });
  }

  /** Resolves a session cookie to its person and the CSRF token writes must carry. */
  async authenticate(sessionToken: string): Promise<{ actor: Actor; csrfToken: string }> {
    const [row] = await this.deps.store.db.select().from(sessions).where(eq(sessions.tokenHash, secretHash(sessionToken)));
    const now = this.deps.clock.now();
    if (row === undefined || row.endedAt !== null || row.expiresAt <= now) throw new HighwayError("AUTH_SESSION_INVALID");
    const actor = await loadPersonActor(this.deps.store.db, row.personId, "session");
    if (actor === null) throw new HighwayError("AUTH_SESSION_INVALID");
    return { actor, csrfToken: row.csrfToken };
  }

  private async refuseIfLimited(key: string, now: Date, limit: number): Promise<void> {
    const [row] = await this.deps.store.db.select().from(loginFailures).where(eq(loginFailures.key, key));
    if (row === undefined) return;
    const windowEnd = row.windowStart.getTime() + this.deps.loginWindowMinutes * 60_000;
    if (row.failures >= limit && now.getTime() < windowEnd) {
      throw new HighwayError("AUTH_RATE_LIMITED", {
        detail: `too many failed logins; try again after ${new Date(windowEnd).toISOString()}`,
        detailKo: `로그인 실패가 너무 많습니다. ${new Date(windowEnd).toISOString()} 이후에 다시 시도하십시오`,
      });
    }
  }

  private async recordFailure(key: string, now: Date): Promise<void> {
    const windowStartCutoff = new Date(now.getTime() - this.deps.loginWindowMinutes * 60_000);
    await this.deps.store.db
      .insert(loginFailures)
      .values({ key, windowStart: now, failures: 1 })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          failures: sql`case when ${loginFailures.windowStart} < ${windowStartCutoff} then 1 else ${loginFailures.failures} + 1 end`,
          windowStart: sql`case when ${loginFailures.windowStart} < ${windowStartCutoff} then ${now} else ${loginFailures.windowStart} end`,
        },
      });
  }
}
