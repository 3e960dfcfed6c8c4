/**
 * Routes for accounting: monthly statements of an organization (its co-pay invoice) and of an
 * operator (its settlement), JSON or CSV; an allocation's balance; the usage ledger's entries.
 * Money and accelerator-seconds are decimal strings (http/json.ts).
 */
import { z } from "zod";
import { OperatorKey, StatementMonth, UsageQuery } from "../../services/accounting/statement-service.js";
import { asksFor, route, TextBody, type RouteSpec } from "../route.js";
import { Id, Instant, pageOf } from "../schemas.js";

const CSV = "text/csv; charset=utf-8";
const Won = z.string().regex(/^-?[0-9]+$/).describe("won (KRW), as a decimal string");
const Seconds = z.string().regex(/^-?[0-9]+$/).describe("accelerator-seconds, as a decimal string");
const Hours = z.string().describe("accelerator-hours with two decimals, rounded half up");

const OrganizationAmounts = {
  usageSeconds: Seconds,
  usageKrw: Won,
  creditedSeconds: Seconds.describe("given back for runs lost to node failures"),
  creditedKrw: Won,
  chargedSeconds: Seconds,
  chargedKrw: Won.describe("usage less credits"),
  coPayKrw: Won.describe("the organization's share: the supply value (공급가액) VAT is levied on"),
  governmentKrw: Won.describe("the government's share"),
};

const OrganizationStatementView = z
  .object({
    organizationId: Id,
    organizationName: z.string(),
    organizationNameEn: z.string().nullable(),
    businessRegistrationNumber: z.string(),
    month: z.string(),
    from: Instant.describe("the month's start in UTC (00:00 KST on the 1st)"),
    to: Instant,
    lines: z.array(z.object({ projectId: Id, programId: Id, acceleratorClass: z.string(), model: z.string(), ...OrganizationAmounts })),
    totals: z.object({ ...OrganizationAmounts, vatKrw: Won.describe("10 % of coPayKrw, truncated below one won"), totalDueKrw: Won.describe("coPayKrw + vatKrw") }),
  })
  .meta({
    example: {
      organizationId: "0194f0a0-0000-7000-8000-000000000001",
      organizationName: "가나다 연구소",
      organizationNameEn: "Ganada Lab",
      businessRegistrationNumber: "124-81-00998",
      month: "2027-01",
      from: "2026-12-31T15:00:00.000Z",
      to: "2027-01-31T15:00:00.000Z",
      lines: [
        {
          projectId: "0194f0a0-0000-7000-8000-000000000003",
          programId: "0194f0a0-0000-7000-8000-000000000004",
          acceleratorClass: "hopper",
          model: "h100-sxm",
          usageSeconds: "8895",
          usageKrw: "8895",
          creditedSeconds: "0",
          creditedKrw: "0",
          chargedSeconds: "8895",
          chargedKrw: "8895",
          coPayKrw: "1779",
          governmentKrw: "7116",
        },
      ],
      totals: { usageSeconds: "8895", usageKrw: "8895", creditedSeconds: "0", creditedKrw: "0", chargedSeconds: "8895", chargedKrw: "8895", coPayKrw: "1779", governmentKrw: "7116", vatKrw: "177", totalDueKrw: "1956" },
    },
  });

const OperatorAmounts = {
  deliveredSeconds: Seconds,
  deliveredKrw: Won,
  creditedSeconds: Seconds.describe("use credited to organizations because a node failed"),
  creditedKrw: Won,
  settledSeconds: Seconds,
  settlementKrw: Won.describe("delivered less credited"),
};

const OperatorStatementView = z
  .object({
    operator: z.string(),
    month: z.string(),
    from: Instant,
    to: Instant,
    lines: z.array(z.object({ site: z.string(), cluster: z.string(), acceleratorClass: z.string(), model: z.string(), ...OperatorAmounts })),
    totals: z.object(OperatorAmounts),
  })
  .meta({
    example: {
      operator: "kisti",
      month: "2027-01",
      from: "2026-12-31T15:00:00.000Z",
      to: "2027-01-31T15:00:00.000Z",
      lines: [{ site: "daejeon", cluster: "kisti-h200", acceleratorClass: "hopper", model: "h200", deliveredSeconds: "4744", deliveredKrw: "5930", creditedSeconds: "0", creditedKrw: "0", settledSeconds: "4744", settlementKrw: "5930" }],
      totals: { deliveredSeconds: "4744", deliveredKrw: "5930", creditedSeconds: "0", creditedKrw: "0", settledSeconds: "4744", settlementKrw: "5930" },
    },
  });

const BalanceView = z
  .object({
    allocationId: Id,
    projectId: Id,
    organizationId: Id,
    programId: Id,
    coPayBp: z.number().int().describe("the organization's co-pay share in basis points"),
    asOf: Instant,
    classes: z.array(
      z.object({
        acceleratorClass: z.string(),
        grantedSeconds: Seconds,
        usedSeconds: Seconds.describe("usage less credits"),
        reservedSeconds: Seconds.describe("held by workloads not yet ended"),
        unreservedSeconds: Seconds.describe("granted - used - reserved; below zero when runs overran"),
        grantedHours: Hours,
        usedHours: Hours,
        reservedHours: Hours,
        unreservedHours: Hours,
        chargedKrw: Won,
        coPayKrw: Won,
        governmentKrw: Won,
      }),
    ),
    totals: z.object({ chargedKrw: Won, coPayKrw: Won, governmentKrw: Won }),
  })
  .meta({
    example: {
      allocationId: "0194f0a0-0000-7000-8000-000000000002",
      projectId: "0194f0a0-0000-7000-8000-000000000003",
      organizationId: "0194f0a0-0000-7000-8000-000000000001",
      programId: "0194f0a0-0000-7000-8000-000000000004",
      coPayBp: 2000,
      asOf: "2027-02-01T00:00:00.000Z",
      classes: [
        {
          acceleratorClass: "hopper",
          grantedSeconds: "360000",
          usedSeconds: "17100",
          reservedSeconds: "0",
          unreservedSeconds: "342900",
          grantedHours: "100.00",
          usedHours: "4.75",
          reservedHours: "0.00",
          unreservedHours: "95.25",
          chargedKrw: "19500",
          coPayKrw: "3900",
          governmentKrw: "15600",
        },
      ],
      totals: { chargedKrw: "19500", coPayKrw: "3900", governmentKrw: "15600" },
    },
  });

const UsageEntryView = z.object({
  id: Id,
  kind: z.enum(["usage", "credit"]),
  workloadId: z.string(),
  runId: z.string(),
  allocationId: Id,
  projectId: Id,
  organizationId: Id,
  programId: Id,
  operator: z.string(),
  site: z.string(),
  cluster: z.string(),
  acceleratorClass: z.string(),
  model: z.string(),
  accelerators: z.number().int(),
  startedAt: Instant,
  endedAt: Instant,
  acceleratorSeconds: Seconds,
  pricePerHourKrw: Won.describe("per accelerator-hour"),
  krw: Won,
  coPayKrw: Won,
  governmentKrw: Won,
  recordedAt: Instant,
});

const FormatQuery = z.strictObject({ format: z.enum(["json", "csv"]).optional().describe("csv for CSV (UTF-8 with BOM, Korean and English headers); or send Accept: text/csv") });
const OrganizationMonthParams = z.strictObject({ organizationId: Id, month: StatementMonth });
const OperatorMonthParams = z.strictObject({ operator: OperatorKey, month: StatementMonth });
const AllocationParams = z.strictObject({ allocationId: Id });

export const accountingRoutes: RouteSpec[] = [
  route({
    method: "GET",
    url: "/api/v1/organizations/:organizationId/statements/:month",
    operationId: "organizationStatement",
    summary: "An organization's monthly statement (Asia/Seoul month): usage, credits, government share, co-pay, 10 % VAT, total due; JSON or CSV",
    tag: "accounting",
    auth: "person",
    params: OrganizationMonthParams,
    query: FormatQuery,
    alsoProduces: [CSV],
    response: OrganizationStatementView,
    handler: async ({ services, actor, params, query, request }) =>
      asksFor(request, "text/csv", query.format)
        ? new TextBody(CSV, await services.statements.organizationStatementCsv(actor, params.organizationId, params.month))
        : services.statements.organizationStatement(actor, params.organizationId, params.month),
  }),
  route({
    method: "GET",
    url: "/api/v1/operators/:operator/statements/:month",
    operationId: "operatorStatement",
    summary: "An operator's monthly settlement: accelerator-hours delivered and their value, less credits for node failures; JSON or CSV",
    tag: "accounting",
    auth: "person",
    params: OperatorMonthParams,
    query: FormatQuery,
    alsoProduces: [CSV],
    response: OperatorStatementView,
    handler: async ({ services, actor, params, query, request }) =>
      asksFor(request, "text/csv", query.format)
        ? new TextBody(CSV, await services.statements.operatorStatementCsv(actor, params.operator, params.month))
        : services.statements.operatorStatement(actor, params.operator, params.month),
  }),
  route({
    method: "GET",
    url: "/api/v1/allocations/:allocationId/balance",
    operationId: "allocationBalance",
    summary: "An allocation's balance per accelerator class (granted, used, reserved, unreserved) and the won charged so far",
    tag: "accounting",
    auth: "person",
    params: AllocationParams,
    response: BalanceView,
    handler: ({ services, actor, params }) => services.statements.balance(actor, params.allocationId),
  }),
  route({
    method: "GET",
    url: "/api/v1/usage",
    operationId: "listUsage",
    summary: "Usage ledger entries of an allocation or project (usage and credits), in recording order",
    tag: "accounting",
    auth: "person",
    query: UsageQuery,
    response: pageOf(UsageEntryView),
    handler: ({ services, actor, query }) => services.statements.usage(actor, query),
  }),
];
