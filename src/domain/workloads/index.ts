export * from "./admission.js";
export * from "./error-codes.js";
export * from "./state.js";
export * from "./workload.js";
export * from "./lifecycle-reason.js";
