/**
 * Cost share (자부담): the part of an award's value the organization co-pays, by organization type,
 * in basis points. The co-pay is rounded half up to the won; the government share is the rest, so
 * the two always add up to the total exactly.
 */
import { z } from "zod";
import { BasisPointsInput, shareOf, type BasisPoints, type Won } from "../money.js";
import { ORGANIZATION_TYPES, type OrganizationType } from "../organization.js";

/**
 * Defaults, chosen after the Korean programs' co-payment by company size: startups 10 % (vouchers
 * favour them), SMEs 20 %, midsize firms 30 %, large firms 50 %; universities, research institutes,
 * hospitals, public agencies and nonprofits 0 % (public-interest and academic use). Every program
 * may override any of them.
 */
export const DEFAULT_COST_SHARE_BP: Readonly<Record<OrganizationType, BasisPoints>> = Object.freeze({
  startup: 1_000,
  sme: 2_000,
  midsize: 3_000,
  large: 5_000,
  university: 0,
  research_institute: 0,
  hospital: 0,
  public_agency: 0,
  nonprofit: 0,
});

/** A program's overrides: any subset of organization types, each in basis points (0 to 10,000). */
export const CostShareInput = z.partialRecord(z.enum(ORGANIZATION_TYPES), BasisPointsInput);
export type CostShareInput = z.infer<typeof CostShareInput>;

/** The full table: the defaults with a program's overrides applied. */
export function costShareTable(overrides: CostShareInput = {}): Readonly<Record<OrganizationType, BasisPoints>> {
  return Object.freeze({ ...DEFAULT_COST_SHARE_BP, ...overrides });
}

/** An award's value split between the organization's co-pay and the government. */
export interface CostSplit {
  readonly totalKrw: Won;
  readonly coPayKrw: Won;
  readonly governmentKrw: Won;
  readonly coPayBp: BasisPoints;
}

/** Splits `totalKrw` by the organization type's co-pay share: co-pay rounded half up, government the rest. */
export function splitCost(totalKrw: Won, type: OrganizationType, table: Readonly<Record<OrganizationType, BasisPoints>>): CostSplit {
  const coPayBp = table[type];
  const coPayKrw = shareOf(totalKrw, coPayBp);
  return { totalKrw, coPayKrw, governmentKrw: totalKrw - coPayKrw, coPayBp };
}
