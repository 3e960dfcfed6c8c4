/**
 * The programs domain's public surface for services: programs, rounds, applications, reviews,
 * decisions, awards, allocation changes, reclaim and reports. Everything here is pure.
 */
export * from "./allocation-change-input.js";
export * from "./allocation-change.js";
export * from "./allocation.js";
export * from "./application-state.js";
export * from "./application.js";
export * from "./auto-decision.js";
export * from "./award-settings.js";
export * from "./budget.js";
export * from "./cost-share.js";
export * from "./csv.js";
export * from "./eligibility.js";
export * from "./error-codes.js";
export * from "./national-programs.js";
export * from "./program-report.js";
export * from "./program.js";
export * from "./queue-from-allocation.js";
export * from "./reclaim.js";
export * from "./reference-price.js";
export * from "./review.js";
export * from "./round.js";
export * from "./rule-result.js";
export * from "./submission.js";
export * from "./target.js";
export * from "./usage.js";
