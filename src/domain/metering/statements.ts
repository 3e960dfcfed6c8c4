/**
 * Monthly statements from the usage ledger, one Seoul month at a time: the organization's (what it
 * used and owes as co-pay plus VAT) and the operator's (what its clusters delivered, less what node
 * failures cost). Entries never straddle a month, so an entry belongs to the month of its startedAt.
 * Amounts are exact sums of the entries' rounded amounts; nothing is revalued. One pass to group,
 * one sort of the lines: O(n + lines log lines).
 */
import { mulDivRoundHalfUp } from "../money.js";
import type { Instant } from "../programs/allocation.js";
import type { LedgerEntry } from "./ledger.js";
import { seoulMonthOf, seoulMonthRange, type SeoulMonth } from "./seoul-month.js";

/** The VAT rate on the co-pay (부가가치세), in percent. */
export const VAT_PERCENT = 10n;

/** Accelerator-seconds as accelerator-hours with two decimals, rounded half up: 5,400 -> "1.50". */
export function acceleratorHoursText(seconds: bigint): string {
  const centihours = mulDivRoundHalfUp(seconds, 100n, 3_600n);
  const magnitude = centihours < 0n ? -centihours : centihours;
  return `${centihours < 0n ? "-" : ""}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}

/** VAT on a supply value: 10 %, truncated below one won as Korean invoices do (원 미만 절사). */
export function vatOf(supplyKrw: bigint): bigint {
  // bigint division truncates toward zero, so a negative supply (a credit note) truncates alike.
  return (supplyKrw * VAT_PERCENT) / 100n;
}

/** Usage and credits of one line or of a whole statement, in accelerator-seconds and won. */
interface Tally {
  usageSeconds: bigint;
  usageKrw: bigint;
  usageCoPayKrw: bigint;
  usageGovernmentKrw: bigint;
  creditedSeconds: bigint;
  creditedKrw: bigint;
  creditedCoPayKrw: bigint;
  creditedGovernmentKrw: bigint;
}

function emptyTally(): Tally {
  return { usageSeconds: 0n, usageKrw: 0n, usageCoPayKrw: 0n, usageGovernmentKrw: 0n, creditedSeconds: 0n, creditedKrw: 0n, creditedCoPayKrw: 0n, creditedGovernmentKrw: 0n };
}

function add(t: Tally, e: LedgerEntry): void {
  if (e.kind === "usage") {
    t.usageSeconds += e.acceleratorSeconds;
    t.usageKrw += e.krw;
    t.usageCoPayKrw += e.coPayKrw;
    t.usageGovernmentKrw += e.governmentKrw;
  } else {
    t.creditedSeconds += e.acceleratorSeconds;
    t.creditedKrw += e.krw;
    t.creditedCoPayKrw += e.coPayKrw;
    t.creditedGovernmentKrw += e.governmentKrw;
  }
}

/** The entries' tallies grouped by `keyOf` (a tuple of strings), the groups sorted by key, plus the total. */
function tallyBy<K extends readonly string[]>(entries: readonly LedgerEntry[], keyOf: (e: LedgerEntry) => K): { groups: { key: K; tally: Tally }[]; total: Tally } {
  const groups = new Map<string, { key: K; tally: Tally }>();
  const total = emptyTally();
  for (const e of entries) {
    const key = keyOf(e);
    const id = JSON.stringify(key);
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = { key, tally: emptyTally() }));
    add(group.tally, e);
    add(total, e);
  }
  // Code-unit order, not locale order: the same ledger gives the same statement everywhere.
  const compare = (a: K, b: K): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };
  return { groups: [...groups.values()].sort((a, b) => compare(a.key, b.key)), total };
}

/** What an organization is charged for one project, program and model in the month. */
export interface OrganizationAmounts {
  readonly usageSeconds: bigint;
  readonly usageKrw: bigint;
  readonly creditedSeconds: bigint;
  readonly creditedKrw: bigint;
  /** usage - credited. */
  readonly chargedSeconds: bigint;
  readonly chargedKrw: bigint;
  /** The organization's share of chargedKrw: the supply value (공급가액) VAT is levied on. */
  readonly coPayKrw: bigint;
  /** The government's share of chargedKrw. */
  readonly governmentKrw: bigint;
}

/** One line of an organization's statement. */
export interface OrganizationStatementLine extends OrganizationAmounts {
  readonly projectId: string;
  readonly programId: string;
  readonly acceleratorClass: string;
  readonly model: string;
}

/** An organization's statement totals: the lines' sums, VAT on the co-pay, and what is due. */
export interface OrganizationStatementTotals extends OrganizationAmounts {
  /** 10 % of coPayKrw, truncated below one won. */
  readonly vatKrw: bigint;
  /** coPayKrw + vatKrw. */
  readonly totalDueKrw: bigint;
}

/** An organization's monthly statement; bigints stay bigints (the HTTP layer serialises them). */
export interface OrganizationStatement {
  readonly organizationId: string;
  readonly month: SeoulMonth;
  /** The month in UTC, [from, to). */
  readonly from: Instant;
  readonly to: Instant;
  readonly lines: readonly OrganizationStatementLine[];
  readonly totals: OrganizationStatementTotals;
}

function organizationAmounts(t: Tally): OrganizationAmounts {
  return {
    usageSeconds: t.usageSeconds,
    usageKrw: t.usageKrw,
    creditedSeconds: t.creditedSeconds,
    creditedKrw: t.creditedKrw,
    chargedSeconds: t.usageSeconds - t.creditedSeconds,
    chargedKrw: t.usageKrw - t.creditedKrw,
    coPayKrw: t.usageCoPayKrw - t.creditedCoPayKrw,
    governmentKrw: t.usageGovernmentKrw - t.creditedGovernmentKrw,
  };
}

/**
 * The statement of `organizationId` for `month` ("YYYY-MM", Asia/Seoul) from ledger entries of any
 * scope: entries of other organizations or months are left out. Lines by project, program and
 * model, credits in their own columns; METERING_INPUT_INVALID for a malformed month.
 */
export function organizationStatement(entries: readonly LedgerEntry[], options: { readonly organizationId: string; readonly month: SeoulMonth }): OrganizationStatement {
  const { organizationId, month } = options;
  const range = seoulMonthRange(month);
  const mine = entries.filter((e) => e.organizationId === organizationId && seoulMonthOf(e.startedAt) === month);
  const { groups, total } = tallyBy(mine, (e) => [e.projectId, e.programId, e.model, e.acceleratorClass] as const);
  const totals = organizationAmounts(total);
  const vatKrw = vatOf(totals.coPayKrw);
  return {
    organizationId,
    month,
    ...range,
    lines: groups.map(({ key: [projectId, programId, model, acceleratorClass], tally }) => ({ projectId, programId, acceleratorClass, model, ...organizationAmounts(tally) })),
    totals: { ...totals, vatKrw, totalDueKrw: totals.coPayKrw + vatKrw },
  };
}

/** What an operator delivered on one site, cluster and model in the month, and what was credited. */
export interface OperatorAmounts {
  readonly deliveredSeconds: bigint;
  readonly deliveredKrw: bigint;
  /** Use credited to organizations because a node failed: the operator's responsibility. */
  readonly creditedSeconds: bigint;
  readonly creditedKrw: bigint;
  /** delivered - credited: what the operator is settled for. */
  readonly settledSeconds: bigint;
  readonly settlementKrw: bigint;
}

/** One line of an operator's statement. */
export interface OperatorStatementLine extends OperatorAmounts {
  readonly site: string;
  readonly cluster: string;
  readonly acceleratorClass: string;
  readonly model: string;
}

/** An operator's monthly statement. */
export interface OperatorStatement {
  readonly operator: string;
  readonly month: SeoulMonth;
  readonly from: Instant;
  readonly to: Instant;
  readonly lines: readonly OperatorStatementLine[];
  readonly totals: OperatorAmounts;
}

function operatorAmounts(t: Tally): OperatorAmounts {
  return {
    deliveredSeconds: t.usageSeconds,
    deliveredKrw: t.usageKrw,
    creditedSeconds: t.creditedSeconds,
    creditedKrw: t.creditedKrw,
    settledSeconds: t.usageSeconds - t.creditedSeconds,
    settlementKrw: t.usageKrw - t.creditedKrw,
  };
}

/**
 * The statement of `operator` for `month` from ledger entries of any scope. Lines by site, cluster
 * and model; METERING_INPUT_INVALID for a malformed month.
 */
export function operatorStatement(entries: readonly LedgerEntry[], options: { readonly operator: string; readonly month: SeoulMonth }): OperatorStatement {
  const { operator, month } = options;
  const range = seoulMonthRange(month);
  const mine = entries.filter((e) => e.operator === operator && seoulMonthOf(e.startedAt) === month);
  const { groups, total } = tallyBy(mine, (e) => [e.site, e.cluster, e.model, e.acceleratorClass] as const);
  return {
    operator,
    month,
    ...range,
    lines: groups.map(({ key: [site, cluster, model, acceleratorClass], tally }) => ({ site, cluster, acceleratorClass, model, ...operatorAmounts(tally) })),
    totals: operatorAmounts(total),
  };
}
