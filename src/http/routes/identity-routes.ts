/** Routes for organizations, members, people, API tokens, login and the first-run bootstrap. */
import { z } from "zod";
import { OrganizationInput } from "../../domain/organization.js";
import { ClaimInput } from "../../services/identity/bootstrap.js";
import { MemberInput, OrganizationPatch } from "../../services/identity/organizations.js";
import { PasswordInput, PersonInput } from "../../services/identity/people.js";
import { LoginInput } from "../../services/identity/sessions.js";
import { TokenInput } from "../../services/identity/tokens.js";
import { route, type RouteSpec } from "../route.js";
import { Id, MemberView, MeView, NewTokenView, OrganizationView, PageQuery, pageOf, PersonView, TokenView } from "../schemas.js";
import { SESSION_COOKIE } from "../session-cookie.js";

const OrgParams = z.strictObject({ organizationId: Id });
const MemberParams = z.strictObject({ organizationId: Id, personId: Id });
const PersonParams = z.strictObject({ personId: Id });
const TokenParams = z.strictObject({ tokenId: Id });

export const identityRoutes: RouteSpec[] = [
  route({
    method: "POST",
    url: "/api/v1/bootstrap",
    operationId: "claimBootstrap",
    summary: "Create the first platform administrator with the one-time bootstrap token",
    tag: "identity",
    auth: "public",
    body: ClaimInput,
    example: { bootstrapToken: "hwy_boot_example", email: "admin@example.kr", name: "관리자", password: "correct horse battery" },
    response: z.object({ person: PersonView, token: z.string() }),
    handler: ({ services, body }) => services.bootstrap.claim(body),
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/login",
    operationId: "login",
    summary: "Log in with e-mail and password; sets the session cookie and returns the CSRF token",
    tag: "identity",
    auth: "public",
    body: LoginInput,
    example: { email: "researcher@example.kr", password: "correct horse battery" },
    response: z.object({ personId: Id, csrfToken: z.string(), expiresAt: z.string() }),
    handler: async ({ services, body, request, reply }) => {
      const session = await services.sessions.login(body, request.ip);
      reply.setCookie(SESSION_COOKIE, session.sessionToken, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: request.server.highwayConfig.secureCookies,
        expires: new Date(session.expiresAt),
      });
      return { personId: session.personId, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/logout",
    operationId: "logout",
    summary: "End the current portal session",
    tag: "identity",
    auth: "person",
    response: null,
    handler: async ({ services, request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) await services.sessions.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/me",
    operationId: "getMe",
    summary: "The authenticated person and their memberships",
    tag: "identity",
    auth: "person",
    response: MeView,
    handler: ({ services, actor }) => services.people.me(actor),
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations",
    operationId: "listOrganizations",
    summary: "Organizations visible to you",
    tag: "organizations",
    auth: "person",
    query: PageQuery,
    response: pageOf(OrganizationView),
    handler: ({ services, actor, query }) => services.organizations.list(actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/organizations",
    operationId: "createOrganization",
    summary: "Register an organization; you become its org_admin",
    tag: "organizations",
    auth: "person",
    creates: true,
    body: OrganizationInput,
    example: { name: "가온소프트", nameEn: "Gaon Soft", type: "startup", businessRegistrationNumber: "124-81-00998", region: "KR-29", sector: "J", foundedOn: "2024-03-01" },
    response: OrganizationView,
    handler: ({ services, actor, body, idempotencyKey }) => services.organizations.create(actor, body, { idempotencyKey }),
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations/:organizationId",
    operationId: "getOrganization",
    summary: "One organization",
    tag: "organizations",
    auth: "person",
    params: OrgParams,
    response: OrganizationView,
    handler: ({ services, actor, params }) => services.organizations.get(actor, params.organizationId),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/organizations/:organizationId",
    operationId: "updateOrganization",
    summary: "Change an organization's descriptive fields",
    tag: "organizations",
    auth: "person",
    params: OrgParams,
    body: OrganizationPatch,
    example: { nameEn: "Gaon Software" },
    response: OrganizationView,
    handler: ({ services, actor, params, body }) => services.organizations.update(actor, params.organizationId, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations/:organizationId/members",
    operationId: "listMembers",
    summary: "Members of an organization",
    tag: "organizations",
    auth: "person",
    params: OrgParams,
    query: PageQuery,
    response: pageOf(MemberView),
    handler: async ({ services, actor, params, query }) => {
      const page = await services.organizations.listMembers(actor, params.organizationId, query);
      return { items: page.items.map(({ id: _id, ...member }) => member), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/organizations/:organizationId/members",
    operationId: "addMember",
    summary: "Add a member by e-mail (a person new to the platform is created)",
    tag: "organizations",
    auth: "person",
    creates: true,
    params: OrgParams,
    body: MemberInput,
    example: { email: "new.member@example.kr", name: "새 구성원", role: "member" },
    response: MemberView,
    handler: ({ services, actor, params, body, idempotencyKey }) => services.organizations.addMember(actor, params.organizationId, body, { idempotencyKey }),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/organizations/:organizationId/members/:personId",
    operationId: "removeMember",
    summary: "Remove a member (an organization keeps at least one org_admin)",
    tag: "organizations",
    auth: "person",
    params: MemberParams,
    response: null,
    handler: ({ services, actor, params }) => services.organizations.removeMember(actor, params.organizationId, params.personId),
  }),
  route({
    method: "GET",
    url: "/api/v1/people",
    operationId: "listPeople",
    summary: "Every person (platform administrators and auditors)",
    tag: "people",
    auth: "person",
    query: PageQuery,
    response: pageOf(PersonView),
    handler: ({ services, actor, query }) => services.people.list(actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/people",
    operationId: "createPerson",
    summary: "Create a person with platform roles (platform administrators)",
    tag: "people",
    auth: "person",
    creates: true,
    body: PersonInput,
    example: { email: "reviewer@example.kr", name: "이심사", platformRoles: ["reviewer"] },
    response: PersonView,
    handler: ({ services, actor, body, idempotencyKey }) => services.people.create(actor, body, { idempotencyKey }),
  }),
  route({
    method: "GET",
    url: "/api/v1/people/:personId",
    operationId: "getPerson",
    summary: "One person visible to you",
    tag: "people",
    auth: "person",
    params: PersonParams,
    response: PersonView,
    handler: ({ services, actor, params }) => services.people.get(actor, params.personId),
  }),
  route({
    method: "PUT",
    url: "/api/v1/people/:personId/password",
    operationId: "setPassword",
    summary: "Set a password (your own, or anyone's as platform administrator)",
    tag: "people",
    auth: "person",
    params: PersonParams,
    body: PasswordInput,
    example: { password: "correct horse battery" },
    response: null,
    handler: ({ services, actor, params, body }) => services.people.setPassword(actor, params.personId, body),
  }),
  route({
    method: "GET",
    url: "/api/v1/tokens",
    operationId: "listTokens",
    summary: "Your API tokens (never their secrets)",
    tag: "tokens",
    auth: "person",
    query: PageQuery,
    response: pageOf(TokenView),
    handler: ({ services, actor, query }) => services.tokens.list(actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/tokens",
    operationId: "createToken",
    summary: "Issue an API token; its secret is shown once",
    tag: "tokens",
    auth: "person",
    creates: true,
    body: TokenInput,
    example: { name: "laptop", expiresInDays: 30 },
    response: NewTokenView,
    handler: ({ services, actor, body, idempotencyKey }) => services.tokens.create(actor, body, { idempotencyKey }),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/tokens/:tokenId",
    operationId: "revokeToken",
    summary: "Revoke an API token",
    tag: "tokens",
    auth: "person",
    params: TokenParams,
    response: TokenView,
    handler: ({ services, actor, params }) => services.tokens.revoke(actor, params.tokenId),
  }),
];
