/**
 * The one error the Slurm adapter throws. Its catalogue code is SERVICE_UNAVAILABLE (the catalogue
 * has no Slurm codes yet); `httpStatus` and `slurmErrors` say what slurmrestd answered, if anything.
 */
import { HighwayError } from "../../domain/errors.js";

/** One entry of slurmrestd's `errors` array. */
export interface SlurmErrorEntry {
  /** Slurm's errno (`2017` is "Invalid job id specified"), when it gave one. */
  readonly errorNumber: number | null;
  readonly error: string;
  readonly description: string | null;
}

/** Why a call failed: no answer at all, an answer that was not slurmrestd's JSON, or Slurm's refusal. */
export type SlurmFailure = "unreachable" | "timeout" | "malformed" | "refused";

/** Context for a SlurmError. */
export interface SlurmErrorContext {
  readonly failure: SlurmFailure;
  /** `METHOD /path` of the call. */
  readonly operation: string;
  readonly httpStatus?: number | null;
  readonly slurmErrors?: readonly SlurmErrorEntry[];
  readonly detail?: string;
  readonly cause?: unknown;
}

/** Slurm's errno for a job id slurmctld does not know (any more). */
export const ESLURM_INVALID_JOB_ID = 2017;
/** Slurm's errno for a job in transition (e.g. still configuring) that cannot take a signal yet. */
export const ESLURM_TRANSITION_STATE_NO_UPDATE = 2020;

/** A failed call to slurmrestd, with its HTTP status and Slurm's own error text. */
export class SlurmError extends HighwayError {
  readonly failure: SlurmFailure;
  readonly operation: string;
  readonly httpStatus: number | null;
  readonly slurmErrors: readonly SlurmErrorEntry[];

  constructor(context: SlurmErrorContext) {
    const slurmErrors = context.slurmErrors ?? [];
    const said = slurmErrors.map((e) => e.description ?? e.error).join("; ");
    const detail =
      context.detail ??
      `slurmrestd ${context.operation}: ${context.failure}${context.httpStatus == null ? "" : ` (HTTP ${context.httpStatus})`}${said ? `: ${said}` : ""}`;
    super("SERVICE_UNAVAILABLE", { detail, cause: context.cause });
    this.name = "SlurmError";
    this.failure = context.failure;
    this.operation = context.operation;
    this.httpStatus = context.httpStatus ?? null;
    this.slurmErrors = slurmErrors;
  }

  /** True when Slurm reported this errno. */
  has(errorNumber: number): boolean {
    return this.slurmErrors.some((e) => e.errorNumber === errorNumber);
  }

  /** True when trying again later may succeed: no answer, or a job in transition. */
  get transient(): boolean {
    return this.failure === "unreachable" || this.failure === "timeout" || this.has(ESLURM_TRANSITION_STATE_NO_UPDATE);
  }
}
