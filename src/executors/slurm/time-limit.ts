/** Slurm counts time limits in whole minutes; a workload's limit in seconds rounds up, never down. */
export function timeLimitMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`a time limit must be a positive number of seconds, not ${seconds}`);
  return Math.ceil(seconds / 60);
}
