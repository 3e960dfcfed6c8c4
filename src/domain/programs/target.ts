/**
 * Program targets (e.g. AX-Sprint 300: 300 distinct manufacturing companies, KSIC section C) and
 * progress toward them, counted from the program's awards in one pass (O(awards x targets)).
 */
import { z } from "zod";
import { KSIC_SECTIONS, type KsicSection } from "../ksic.js";
import { FULL_SHARE_BP, type BasisPoints } from "../money.js";
import { ORGANIZATION_TYPES, type OrganizationType } from "../organization.js";
import { isNonCapitalRegion, REGIONS, type RegionCode } from "../regions.js";

/** What a target counts. */
export const TARGET_METRICS = ["distinct_organizations", "awards", "accelerator_hours"] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Which awards count toward a target; an absent field does not filter. */
export const TargetFilterInput = z.strictObject({
  organizationTypes: z.array(z.enum(ORGANIZATION_TYPES)).min(1).optional(),
  regions: z.array(z.enum(Object.keys(REGIONS) as [RegionCode, ...RegionCode[]])).min(1).optional(),
  sectors: z.array(z.enum(Object.keys(KSIC_SECTIONS) as [KsicSection, ...KsicSection[]])).min(1).optional(),
  nonCapitalOnly: z.boolean().optional(),
});
export type TargetFilter = z.infer<typeof TargetFilterInput>;

/** One target: a metric, a goal and the awards that count. `acceleratorClass` narrows hour targets. */
export const TargetInput = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  label: z.strictObject({ ko: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) }),
  metric: z.enum(TARGET_METRICS),
  goal: z.number().int().positive(),
  acceleratorClass: z.string().optional(),
  filter: TargetFilterInput.default({}),
});
export type Target = z.output<typeof TargetInput>;

/** What target progress needs to know about one award. */
export interface TargetAward {
  readonly organizationId: string;
  readonly organizationType: OrganizationType;
  readonly region: RegionCode;
  readonly sector: KsicSection;
  /** Awarded accelerator-hours per class (after later supplements and reductions). */
  readonly acceleratorHours: Readonly<Record<string, bigint>>;
}

/** Progress toward one target. `progressBp` is achieved / goal in basis points, not capped at 100 %. */
export interface TargetProgress {
  readonly key: string;
  readonly metric: TargetMetric;
  readonly goal: number;
  readonly achieved: number;
  readonly progressBp: BasisPoints;
  readonly met: boolean;
}

/** True when the award passes the target's filter. */
export function awardMatchesFilter(award: TargetAward, filter: TargetFilter): boolean {
  if (filter.organizationTypes !== undefined && !filter.organizationTypes.includes(award.organizationType)) return false;
  if (filter.regions !== undefined && !filter.regions.includes(award.region)) return false;
  if (filter.sectors !== undefined && !filter.sectors.includes(award.sector)) return false;
  if (filter.nonCapitalOnly === true && !isNonCapitalRegion(award.region)) return false;
  return true;
}

/**
 * Progress toward each target. Distinct organizations count each organization once however many
 * awards it holds; accelerator-hours sum the named class or every class. `progressBp` rounds down.
 */
export function targetProgress(targets: readonly Target[], awards: readonly TargetAward[]): TargetProgress[] {
  return targets.map((target) => {
    const matching = awards.filter((a) => awardMatchesFilter(a, target.filter));
    let achieved: number;
    if (target.metric === "distinct_organizations") {
      achieved = new Set(matching.map((a) => a.organizationId)).size;
    } else if (target.metric === "awards") {
      achieved = matching.length;
    } else {
      let hours = 0n;
      for (const a of matching) {
        for (const [cls, h] of Object.entries(a.acceleratorHours)) {
          if (target.acceleratorClass === undefined || target.acceleratorClass === cls) hours += h;
        }
      }
      achieved = Number(hours);
    }
    return {
      key: target.key,
      metric: target.metric,
      goal: target.goal,
      achieved,
      progressBp: Math.floor((achieved * FULL_SHARE_BP) / target.goal),
      met: achieved >= target.goal,
    };
  });
}
