/**
 * The metering domain's public surface for services: ledger entries, Seoul months, metering and
 * credits, reservation balances, and monthly statements with their CSV. Everything here is pure.
 */
export * from "./error-codes.js";
export * from "./ledger.js";
export * from "./meter.js";
export * from "./reservation.js";
export * from "./seoul-month.js";
export * from "./statements-csv.js";
export * from "./statements.js";
