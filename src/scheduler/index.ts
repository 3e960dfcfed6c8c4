/** The scheduler's public surface for the control loop and the simulator. */
export { schedule, stateFromSnapshot } from "./schedule.js";
export { SchedulerState } from "./scheduler-state.js";
export type { CycleOptions } from "./scheduler-state.js";
export { fifoPolicy, highwayPolicy, policyByName, slurmPolicy } from "./policy.js";
export type { Ordering, SchedulerPolicy, SlurmWeights } from "./policy.js";
export { fleetNodeSnapshots } from "./fleet-nodes.js";
export type * from "./types.js";
export { clauseText, isWaitClauses, WAIT_CLAUSE_KEYS, waitingReasonText } from "./waiting-reason-text.js";
