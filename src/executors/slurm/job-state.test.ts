import { describe, expect, it } from "vitest";
import { decodeWaitStatus, isActive, mapSlurmJobState, shellExitCode } from "./job-state.js";

describe("mapSlurmJobState", () => {
  it.each([
    ["PENDING", "pending"],
    ["REQUEUED", "pending"],
    ["REQUEUE_HOLD", "pending"],
    ["RUNNING", "running"],
    ["CONFIGURING", "running"],
    ["COMPLETING", "running"],
    ["SUSPENDED", "running"],
    ["COMPLETED", "succeeded"],
    ["FAILED", "failed"],
    ["OUT_OF_MEMORY", "failed"],
    ["CANCELLED", "cancelled"],
    ["TIMEOUT", "timeout"],
    ["DEADLINE", "timeout"],
    ["NODE_FAIL", "node_fail"],
    ["BOOT_FAIL", "node_fail"],
    ["PREEMPTED", "preempted"],
    ["running", "running"],
  ] as const)("%s is %s", (slurm, expected) => {
    expect(mapSlurmJobState(slurm)).toBe(expected);
  });

  it("knows nothing of names it has no entry for", () => {
    expect(mapSlurmJobState("WARP_SPEED")).toBeNull();
  });

  it("counts a job killed by SIGTERM as cancelled, any other failure as failed", () => {
    expect(mapSlurmJobState("FAILED", decodeWaitStatus(15))).toBe("cancelled");
    expect(mapSlurmJobState("FAILED", decodeWaitStatus(9))).toBe("failed");
    expect(mapSlurmJobState("FAILED", decodeWaitStatus(768))).toBe("failed");
    expect(mapSlurmJobState("COMPLETED", decodeWaitStatus(0))).toBe("succeeded");
  });

  it("calls only pending and running active", () => {
    expect(isActive("pending")).toBe(true);
    expect(isActive("running")).toBe(true);
    for (const s of ["succeeded", "failed", "cancelled", "timeout", "node_fail", "preempted"] as const) expect(isActive(s)).toBe(false);
  });
});

describe("decodeWaitStatus", () => {
  it.each([
    [0, { code: 0, signal: null }, 0],
    [768, { code: 3, signal: null }, 3],
    [256 * 255, { code: 255, signal: null }, 255],
    [15, { code: null, signal: 15 }, 143],
    [9, { code: null, signal: 9 }, 137],
    // A core dump sets bit 7; the signal is still the low seven bits.
    [0x80 | 11, { code: null, signal: 11 }, 139],
  ])("%i is %o (shell %i)", (status, exit, shell) => {
    expect(decodeWaitStatus(status)).toEqual(exit);
    expect(shellExitCode(decodeWaitStatus(status))).toBe(shell);
  });
});
