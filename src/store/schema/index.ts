/** The whole schema, one pgTable set for PGlite and PostgreSQL alike. */
export * from "./identity.js";
export * from "./platform.js";
export * from "./programs.js";
export * from "./fleet.js";
export * from "./notifications.js";
export * from "./workloads.js";
