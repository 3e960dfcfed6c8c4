/**
 * API tokens: random, shown once, stored as a digest, scoped to one person, expiring, revocable,
 * with the time they were last used (written at most once a minute per token).
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { HighwayError } from "../../domain/errors.js";
import type { OrgRole, PlatformRole } from "../../domain/roles.js";
import { parseOrThrow } from "../../domain/validation.js";
import { newId } from "../../store/ids.js";
import { apiTokens, people } from "../../store/schema/index.js";
import { appendAudit, PLATFORM_CHAIN } from "../audit/audit-log.js";
import { hasPlatformRole, requirePerson } from "../authorization.js";
import { actorLabel, type Actor, type ServiceDeps } from "../context.js";
import { createOnce, type CreateOptions, type Created } from "../idempotency.js";
import { decodeCursor, pageSize, toPage, type Page, type PageRequest } from "../pagination.js";
import { forgetCached, RecentCache } from "../recent-cache.js";
import { newSecret, secretHash } from "./secrets.js";

/** A token as listed: never its secret. */
export interface TokenView {
  readonly id: string;
  readonly personId: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** A token just created: the secret appears here and nowhere else, ever. */
export interface NewTokenView extends TokenView {
  readonly token: string;
}

export const TokenInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().default(90),
  /** Platform administrators (and the local CLI) may issue a token for another person. */
  personId: z.uuid().optional(),
});
export type TokenInput = z.input<typeof TokenInput>;

type TokenRow = typeof apiTokens.$inferSelect;

function view(row: TokenRow): TokenView {
  return {
    id: row.id,
    personId: row.personId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

const LAST_USED_GRANULARITY_MS = 60_000;

/** What a token lookup yields, as remembered between requests. */
interface CachedToken {
  readonly revoked: boolean;
  readonly expiresAt: number;
  readonly actor: Actor;
}

/** Use cases on API tokens, and bearer authentication. */
export class TokenService {
  /** A token by its digest with its person's platform roles and memberships. */
  private readonly byHash;
  /** Tokens looked up in the last few seconds (recent-cache.ts). */
  private readonly actors: RecentCache<CachedToken>;

  constructor(private readonly deps: ServiceDeps) {
    this.actors = new RecentCache(deps.store);
    this.byHash = deps.store.db
      .select({
        row: apiTokens,
        platformRoles: people.platformRoles,
        memberships: sql<{ o: string; r: string }[]>`coalesce((select json_agg(json_build_object('o', m.organization_id, 'r', m.role)) from memberships m where m.person_id = ${apiTokens.personId}), '[]'::json)`,
      })
      .from(apiTokens)
      .innerJoin(people, eq(people.id, apiTokens.personId))
      .where(eq(apiTokens.tokenHash, sql.placeholder("hash")))
      .prepare("api_token_by_hash");
  }

  /** Issues a token for the actor (or, for administrators, for another person). */
  async create(actor: Actor, input: unknown, options: CreateOptions = {}): Promise<Created<NewTokenView>> {
    const parsed = parseOrThrow(TokenInput, input);
    if (parsed.expiresInDays < 1 || parsed.expiresInDays > 365) {
      throw new HighwayError("TOKEN_EXPIRY_INVALID", { field: "body.expiresInDays", rule: "TOKEN_EXPIRY_INVALID" });
    }
    let personId: string;
    if (parsed.personId !== undefined && !(actor.kind === "person" && actor.personId === parsed.personId)) {
      if (!hasPlatformRole(actor, "platform_admin")) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
      personId = parsed.personId;
    } else {
      personId = requirePerson(actor).personId;
    }
    const now = this.deps.clock.now();
    return createOnce(this.deps, actorLabel(actor), "token.create", parsed, options, async (tx) => {
      const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, personId));
      if (person === undefined) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
      const token = newSecret("tok");
      const [row] = await tx
        .insert(apiTokens)
        .values({
          id: newId(now),
          personId,
          name: parsed.name,
          tokenHash: secretHash(token),
          prefix: token.slice(0, 16),
          createdAt: now,
          expiresAt: new Date(now.getTime() + parsed.expiresInDays * 86_400_000),
        })
        .returning();
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "token.created",
        subjectType: "api_token",
        subjectId: row!.id,
        change: { personId, name: parsed.name, expiresAt: row!.expiresAt },
        at: now,
      });
      return { ...view(row!), token };
    });
  }

  /** The actor's own tokens; administrators may name another person. */
  async list(actor: Actor, page: PageRequest, ofPerson?: string): Promise<Page<TokenView>> {
    let personId: string;
    if (ofPerson !== undefined && !(actor.kind === "person" && actor.personId === ofPerson)) {
      if (!hasPlatformRole(actor, "platform_admin")) throw new HighwayError("NOT_FOUND", { detail: "person not found", detailKo: "사용자를 찾을 수 없습니다" });
      personId = ofPerson;
    } else {
      personId = requirePerson(actor).personId;
    }
    const after = decodeCursor(page.cursor);
    const size = pageSize(page);
    const rows = await this.deps.store.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.personId, personId), after === null ? undefined : gt(apiTokens.id, after)))
      .orderBy(asc(apiTokens.id))
      .limit(size + 1);
    return toPage(rows, size, view);
  }

  /** Revokes one of the actor's tokens (administrators: anyone's). Revoking twice is harmless. */
  async revoke(actor: Actor, id: string): Promise<TokenView> {
    const now = this.deps.clock.now();
    const revoked = await this.deps.store.transaction(async (tx) => {
      const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update");
      const own = row !== undefined && actor.kind === "person" && actor.personId === row.personId;
      if (row === undefined || !(own || hasPlatformRole(actor, "platform_admin"))) {
        throw new HighwayError("NOT_FOUND", { detail: "token not found", detailKo: "토큰을 찾을 수 없습니다" });
      }
      if (row.revokedAt !== null) return view(row);
      const [updated] = await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).returning();
      await appendAudit(tx, this.deps.auditKey, {
        chain: PLATFORM_CHAIN,
        actor: actorLabel(actor),
        action: "token.revoked",
        subjectType: "api_token",
        subjectId: id,
        change: { personId: row.personId },
        at: now,
      });
      return view(updated!);
    });
    forgetCached(this.deps.store);
    return revoked;
  }

  /** Resolves a bearer token to its person, or throws the precise 401. */
  async authenticate(token: string): Promise<Actor> {
    const hash = secretHash(token);
    const now = this.deps.clock.now();
    let found = this.actors.recall(hash);
    if (found === undefined) {
      const generation = this.actors.generation();
      // One prepared round trip: the token, its person's roles and memberships.
      const [row] = await this.byHash.execute({ hash });
      if (row === undefined) throw new HighwayError("AUTH_TOKEN_INVALID");
      found = {
        revoked: row.row.revokedAt !== null,
        expiresAt: row.row.expiresAt.getTime(),
        actor: {
          kind: "person",
          personId: row.row.personId,
          platformRoles: new Set(row.platformRoles as PlatformRole[]),
          memberships: new Map(row.memberships.map((m) => [m.o, m.r as OrgRole])),
          via: "token",
        },
      };
      this.actors.remember(hash, found, generation);
      if (!found.revoked && (row.row.lastUsedAt === null || now.getTime() - row.row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS)) {
        await this.deps.store.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.row.id));
      }
    }
    if (found.revoked) throw new HighwayError("AUTH_TOKEN_REVOKED");
    if (found.expiresAt <= now.getTime()) throw new HighwayError("AUTH_TOKEN_EXPIRED");
    return found.actor;
  }
}
