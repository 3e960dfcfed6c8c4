/**
 * The one error the Slurm adapter throws. Its catalogue code is SERVICE_UNAVAILABLE (the catalogue
 * has no Slurm codes yet); `httpStatus` and `slurmErrors` say what slurmrestd answered, if anything.
 */
import { HighwayError, type ErrorDetail } from "../../domain/errors.js";

/** One entry of slurmrestd's `errors` array. */
export interface SlurmErrorEntry {
  /** Slurm's errno (`2017` is "Invalid job id specified"), when it gave one. */
  readonly errorNumber: number | null;
  readonly error: string;
  readonly description: string | null;
}

/** Why a call failed: no answer at all, an answer that was not slurmrestd's JSON, or Slurm's refusal. */
export type SlurmFailure = "unreachable" | "timeout" | "malformed" | "refused";

/** Context for a SlurmError; without a detail, one is written from the failure, the status and Slurm's words. */
export type SlurmErrorContext = ErrorDetail & {
  readonly failure: SlurmFailure;
  /** `METHOD /path` of the call. */
  readonly operation: string;
  readonly httpStatus?: number | null;
  readonly slurmErrors?: readonly SlurmErrorEntry[];
  readonly cause?: unknown;
};

/** The failure as the Korean detail names it. */
const FAILURE_KO: Readonly<Record<SlurmFailure, string>> = {
  unreachable: "연결할 수 없음",
  timeout: "응답 시간 초과",
  malformed: "읽을 수 없는 응답",
  refused: "요청 거부",
};

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
    const status = context.httpStatus == null ? "" : ` (HTTP ${context.httpStatus})`;
    // Slurm's own words are quoted as they are in both languages.
    const written =
      context.detail === undefined
        ? {
            detail: `slurmrestd ${context.operation}: ${context.failure}${status}${said ? `: ${said}` : ""}`,
            detailKo: `slurmrestd ${context.operation}: ${FAILURE_KO[context.failure]}${status}${said ? `: ${said}` : ""}`,
          }
        : { detail: context.detail, detailKo: context.detailKo };
    super("SERVICE_UNAVAILABLE", { ...written, cause: context.cause });
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
