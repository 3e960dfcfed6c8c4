/**
 * The sacctmgr fallback for what slurmrestd's dbv0.0.38 cannot do: change an existing account's own
 * limits (see README.md, Accounts). The runner is injected: a local child process on the dev cluster,
 * or e.g. `ssh site-admin sacctmgr` for a remote site.
 */
import { HighwayError } from "../../domain/errors.js";

/** Runs sacctmgr with these arguments (the runner adds the command itself). */
export type SacctmgrRunner = (args: readonly string[]) => Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;

/**
 * `sacctmgr -i modify account where name=<a> cluster=<c> set GrpTRESMins=gres/gpu:<t>=<m>,...`,
 * clearing (-1) the types in `clear`. Names and types were checked against strict patterns before.
 */
export function modifyAccountLimitsArgs(cluster: string, account: string, set: Readonly<Record<string, number>>, clear: readonly string[]): string[] {
  const tres = [...Object.entries(set).map(([t, m]) => `gres/gpu:${t}=${m}`), ...clear.map((t) => `gres/gpu:${t}=-1`)];
  return ["-i", "modify", "account", "where", `name=${account}`, `cluster=${cluster}`, "set", `GrpTRESMins=${tres.join(",")}`];
}

/** Runs the modification; a failure is SERVICE_UNAVAILABLE with sacctmgr's own words. */
export async function runSacctmgr(run: SacctmgrRunner, args: readonly string[]): Promise<string> {
  const result = await run(args);
  // sacctmgr exits 0 and prints "Nothing modified" when its where-clause matches nothing.
  if (result.code !== 0 || /nothing modified/i.test(result.stdout)) {
    const said = (result.stderr || result.stdout).trim().slice(0, 500);
    throw new HighwayError("SERVICE_UNAVAILABLE", {
      detail: `sacctmgr ${args.join(" ")}: exit ${result.code}: ${said}`,
      detailKo: `sacctmgr ${args.join(" ")}: 종료 코드 ${result.code}: ${said}`,
      field: "sacctmgr",
      rule: "slurm_sacctmgr_failed",
    });
  }
  return result.stdout;
}
