/** Identity and tenancy tables: organizations, people, memberships, API tokens, sessions. */
import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  nameEn: text("name_en"),
  type: text("type").notNull(),
  businessRegistrationNumber: text("business_registration_number").notNull().unique(),
  region: text("region").notNull(),
  sector: text("sector").notNull(),
  foundedOn: date("founded_on", { mode: "string" }).notNull(),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    platformRoles: text("platform_roles").array().notNull().default(sql`'{}'::text[]`),
    passwordHash: text("password_hash"),
    /** The Linux user this person's jobs run as on every cluster (never root); null: none mapped yet. */
    linuxUser: text("linux_user"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [uniqueIndex("people_email_key").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.personId] }), index("memberships_person_idx").on(t.personId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
    lastUsedAt: instant("last_used_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_person_idx").on(t.personId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    tokenHash: text("token_hash").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    endedAt: instant("ended_at"),
  },
  (t) => [uniqueIndex("sessions_hash_key").on(t.tokenHash)],
);

/** Failed logins per key (an e-mail or a client address) in the current window, for rate limiting. */
export const loginFailures = pgTable("login_failures", {
  key: text("key").primaryKey(),
  windowStart: instant("window_start").notNull(),
  failures: integer("failures").notNull(),
});

/** The one-time token that lets the first administrator in; a single row. */
export const bootstrap = pgTable("bootstrap", {
  id: integer("id").primaryKey(),
  tokenHash: text("token_hash").notNull(),
  createdAt: instant("created_at").notNull(),
  usedAt: instant("used_at"),
});
