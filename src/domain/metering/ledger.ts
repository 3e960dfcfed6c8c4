/**
 * The usage ledger's entry: append-only, one Seoul month at most per entry. Usage and credits both
 * carry positive amounts; what is charged is usage minus credits. A credit mirrors one usage entry
 * (same run, interval and amounts) when the platform, not the workload, caused a run to fail.
 */
import type { Instant } from "../programs/allocation.js";

/** Usage adds to what is charged; a credit takes it back. */
export type LedgerEntryKind = "usage" | "credit";

/** Who ran what, where: the fields an entry copies from its run so that statements need no joins. */
export interface RunIdentity {
  readonly workloadId: string;
  /** The workload id and the attempt, "<workload uuid>.<attempt>": a requeued workload meters as a new run. */
  readonly runId: string;
  readonly allocationId: string;
  readonly projectId: string;
  readonly organizationId: string;
  readonly programId: string;
  readonly operator: string;
  readonly site: string;
  readonly cluster: string;
  readonly acceleratorClass: string;
  readonly model: string;
}

/** One immutable ledger entry: `accelerators` held over [startedAt, endedAt), valued at the model's price. */
export interface LedgerEntry extends RunIdentity {
  readonly kind: LedgerEntryKind;
  readonly accelerators: number;
  readonly startedAt: Instant;
  readonly endedAt: Instant;
  readonly acceleratorSeconds: bigint;
  readonly pricePerHourKrw: bigint;
  readonly krw: bigint;
  readonly coPayKrw: bigint;
  readonly governmentKrw: bigint;
}

/** The run id of a workload's attempt (1 for the first run). */
export function runIdOf(workloadId: string, attempt: number): string {
  return `${workloadId}.${attempt}`;
}

/** Just the identity fields of a value that has more, so that nothing else leaks into an entry. */
export function runIdentityOf(run: RunIdentity): RunIdentity {
  const { workloadId, runId, allocationId, projectId, organizationId, programId, operator, site, cluster, acceleratorClass, model } = run;
  return { workloadId, runId, allocationId, projectId, organizationId, programId, operator, site, cluster, acceleratorClass, model };
}
