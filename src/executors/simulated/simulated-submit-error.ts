/**
 * Why a simulated cluster refused a job at submission, as Slurm's sbatch would have (a node the
 * cluster does not have, a GRES type the node lacks, more accelerators than a node holds). Kept in
 * this folder: the control loop maps it to its own catalogue code, the catalogue stays untouched.
 */

/** The rule a refused submission broke. */
export type SimulatedSubmitRule =
  | "NODES_EMPTY"
  | "NODE_DUPLICATED"
  | "NODE_NOT_IN_CLUSTER"
  | "GRES_TYPE_MISMATCH"
  | "ACCELERATORS_INVALID"
  | "ACCELERATORS_EXCEED_NODE"
  | "TIME_LIMIT_INVALID"
  | "DURATION_INVALID"
  | "SCRIPT_NOT_SHEBANG"
  | "USER_ROOT"
  | "ACCOUNT_UNKNOWN"
  | "USER_NOT_IN_ACCOUNT";

/** A job refused by a simulated cluster; `rule` names what it broke, `node` the offending node if any. */
export class SimulatedSubmitError extends Error {
  override readonly name = "SimulatedSubmitError";
  readonly rule: SimulatedSubmitRule;
  readonly clusterId: string;
  readonly runId: string;
  readonly node: string | null;

  constructor(rule: SimulatedSubmitRule, context: { readonly clusterId: string; readonly runId: string; readonly node?: string; readonly detail: string }) {
    super(`${rule}: cluster ${context.clusterId} refuses workload ${context.runId}: ${context.detail}`);
    this.rule = rule;
    this.clusterId = context.clusterId;
    this.runId = context.runId;
    this.node = context.node ?? null;
  }
}
