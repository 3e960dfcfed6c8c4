/**
 * Balance arithmetic of one allocation's accelerator class, in accelerator-seconds. Submission
 * reserves accelerators x time limit; each metering moves the metered seconds from the run's
 * reservation into use; the run's end returns what is left of its reservation. While every run
 * stays within its time limit, used + reserved never exceeds what was granted. A run that overruns
 * (Slurm's grace after the limit) still counts in full, so `unreserved` may go below zero.
 */
import { HighwayError } from "../errors.js";
import { meteringInputInvalid } from "./instant.js";

/** One class of an allocation: granted, used (usage minus credits) and reserved by runs not yet ended. */
export interface Balance {
  readonly grantedSeconds: bigint;
  readonly usedSeconds: bigint;
  readonly reservedSeconds: bigint;
}

/** A balance after a metering, and what is left of the metered run's own reservation. */
export interface Settlement {
  readonly balance: Balance;
  readonly runReservedSeconds: bigint;
}

function nonNegative(value: bigint, field: string): bigint {
  if (value < 0n) throw meteringInputInvalid(field, `${field} must not be negative.`, `${field} 값은 음수일 수 없습니다.`);
  return value;
}

/** A run's reservation, checked to be part of the balance's: a larger one means the caller's books disagree. */
function heldBy(b: Balance, runReservedSeconds: bigint): bigint {
  if (nonNegative(runReservedSeconds, "runReservedSeconds") > b.reservedSeconds) {
    throw meteringInputInvalid("runReservedSeconds", "runReservedSeconds exceeds the balance's reservation.", "runReservedSeconds 값이 잔액의 예약량보다 큽니다.");
  }
  return runReservedSeconds;
}

/** What a workload reserves at submission: accelerators x time limit, in accelerator-seconds. */
export function reservationSeconds(accelerators: number, timeLimitSeconds: number): bigint {
  if (!Number.isSafeInteger(accelerators) || accelerators < 1) throw meteringInputInvalid("accelerators", "accelerators must be a positive whole number.", "accelerators 값은 양의 정수여야 합니다.");
  if (!Number.isSafeInteger(timeLimitSeconds) || timeLimitSeconds < 1) throw meteringInputInvalid("timeLimitSeconds", "timeLimitSeconds must be a positive whole number.", "timeLimitSeconds 값은 양의 정수여야 합니다.");
  return BigInt(accelerators) * BigInt(timeLimitSeconds);
}

/** Seconds neither used nor reserved; below zero when runs overran their reservations. */
export function unreserved(b: Balance): bigint {
  return b.grantedSeconds - b.usedSeconds - b.reservedSeconds;
}

/** Whether `seconds` more can be reserved. */
export function canReserve(b: Balance, seconds: bigint): boolean {
  return nonNegative(seconds, "seconds") <= unreserved(b);
}

/** The balance with `seconds` reserved; METERING_BALANCE_INSUFFICIENT when they do not fit. */
export function reserve(b: Balance, seconds: bigint): Balance {
  if (!canReserve(b, seconds)) {
    throw new HighwayError("METERING_BALANCE_INSUFFICIENT", {
      detail: `Needs ${seconds} accelerator-seconds; ${unreserved(b)} are unreserved.`,
      detailKo: `${seconds} 가속기·초가 필요하지만 예약되지 않은 양은 ${unreserved(b)} 가속기·초입니다.`,
    });
  }
  return { ...b, reservedSeconds: b.reservedSeconds + seconds };
}

/**
 * Books `meteredSeconds` of a run as used, taking them out of the run's reservation (`runReservedSeconds`,
 * what it still holds) as far as it reaches; use past the reservation is used all the same.
 */
export function settle(b: Balance, runReservedSeconds: bigint, meteredSeconds: bigint): Settlement {
  nonNegative(meteredSeconds, "meteredSeconds");
  heldBy(b, runReservedSeconds);
  const fromReservation = meteredSeconds < runReservedSeconds ? meteredSeconds : runReservedSeconds;
  return {
    balance: { ...b, usedSeconds: b.usedSeconds + meteredSeconds, reservedSeconds: b.reservedSeconds - fromReservation },
    runReservedSeconds: runReservedSeconds - fromReservation,
  };
}

/** Returns what is left of a run's reservation when the run ends (after its last `settle`). */
export function release(b: Balance, runReservedSeconds: bigint): Balance {
  return { ...b, reservedSeconds: b.reservedSeconds - heldBy(b, runReservedSeconds) };
}

/** Gives credited seconds back (a run failed through a node failure); never more than was used. */
export function creditBalance(b: Balance, creditedSeconds: bigint): Balance {
  if (nonNegative(creditedSeconds, "creditedSeconds") > b.usedSeconds) throw meteringInputInvalid("creditedSeconds", "creditedSeconds exceeds the seconds used.", "creditedSeconds 값이 사용한 초보다 큽니다.");
  return { ...b, usedSeconds: b.usedSeconds - creditedSeconds };
}
