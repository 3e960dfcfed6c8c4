/**
 * The award an accepted application gets by default: what it requested, for the period it asked,
 * with the round's priority tier and tranche plan. A manager may trim grants before awarding.
 */
import type { AwardSettings } from "./allocation.js";
import type { ApplicationRequest, RoundSettings } from "./round.js";

/** The default award for a request under a round's settings. */
export function awardSettingsFor(request: ApplicationRequest, round: Pick<RoundSettings, "priorityTier" | "tranches">): AwardSettings {
  return {
    grants: request.grants.map((g) => ({ acceleratorClass: g.acceleratorClass, acceleratorHours: g.acceleratorHours, maxConcurrent: g.maxConcurrent })),
    startsAt: request.startsAt,
    endsAt: request.endsAt,
    priorityTier: round.priorityTier,
    tranches: round.tranches.map((t) => ({ ...t })),
  };
}
