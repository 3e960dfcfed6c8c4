/**
 * Accounts, users and associations from the platform on a real Slurm 22.05 with slurmdbd
 * (scripts/slurm-dev.sh): syncAccounts creates accounts under the platform's parent with their
 * GrpTRESMins, sacctmgr shows exactly those limits, a second sync changes nothing, a limit changed by
 * hand is repaired (through the sacctmgr fallback), a removed member loses the association, an
 * account outside the parent is refused and left alone, and a job under an account whose GPU minutes
 * are exhausted stays pending with Slurm's reason.
 *
 * Skipped unless the dev cluster runs on this machine (sacctmgr needs its slurm.conf); with
 * HIGHWAY_REQUIRE_SLURM=1 a missing Slurm fails instead.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { AccountSpec } from "../src/executors/cluster-executor.js";
import { createSlurmExecutor, parseSlurmClusterConfig } from "../src/executors/slurm/slurm-cluster-config.js";
import { findSlurmDev, poll, REQUIRE_SLURM } from "./support/slurm-dev.js";

const found = await findSlurmDev();
const usable = typeof found !== "string" && found.slurmConf !== undefined && found.clusterConfig !== undefined;

if (!usable) {
  const why = typeof found === "string" ? found : "the Slurm under test is not this machine's dev cluster (no slurm.conf or cluster config)";
  if (REQUIRE_SLURM) {
    describe("slurm accounts", () => {
      it("needs the dev cluster (HIGHWAY_REQUIRE_SLURM=1)", () => {
        throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but: ${why}`);
      });
    });
  } else {
    describe.skip(`slurm accounts (skipped: ${why})`, () => {
      it("syncs accounts", () => {});
    });
  }
} else {
  const slurm = found as Exclude<typeof found, string>;
  const config = parseSlurmClusterConfig(JSON.parse(readFileSync(slurm.clusterConfig!, "utf8")));
  const executor = createSlurmExecutor(config);
  const [user1, user2, user3] = slurm.users;
  if (!user1 || !user2 || !user3) throw new Error(`the dev cluster needs three job users, has ${slurm.users.join(" ")}`);
  // Account names unique to this run: the parent account outlives runs until the cluster restarts.
  const tag = `t${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const projA = `${tag}-a`;
  const projB = `${tag}-b`;

  const sacctmgr = (...args: string[]): string => {
    const r = spawnSync("sacctmgr", args, { encoding: "utf8", env: { ...process.env, SLURM_CONF: slurm.slurmConf } });
    if (r.status !== 0) throw new Error(`sacctmgr ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  /** `account|user|parent|GrpTRESMins` of every association of these accounts, sorted. */
  const assocs = (...accounts: string[]): string[] =>
    sacctmgr("-n", "-P", "show", "assoc", `where`, `cluster=${config.id}`, `account=${accounts.join(",")}`, "format=account,user,parentname,grptresmins")
      .trim()
      .split("\n")
      .filter((l) => l !== "")
      .sort();

  const desired = (over: { a?: Partial<AccountSpec>; b?: Partial<AccountSpec> } = {}): AccountSpec[] => [
    { name: projA, description: "Project A (test)", users: [user1, user2], gpuMinutes: { h100: 600, h200: 300 }, ...over.a },
    { name: projB, description: "Project B (test)", users: [user3], gpuMinutes: { h100: 0 }, ...over.b },
  ];

  afterAll(async () => {
    for (const s of await executor.list().catch(() => [])) if (s.runId.startsWith(`${tag}.`)) await executor.cancel(s.runId).catch(() => {});
  });

  describe("slurm accounts", () => {
    it("creates the accounts under the parent with exactly the limits, and their members", async () => {
      const report = await executor.syncAccounts(desired());
      expect(report.created).toEqual([projA, projB]);
      expect(report.updated).toEqual([]);
      expect(report.usersAdded).toEqual([
        { account: projA, user: user1 },
        { account: projA, user: user2 },
        { account: projB, user: user3 },
      ]);
      expect(report.usersRemoved).toEqual([]);
      expect(report.repairs).toContain(`created account ${projA} under ${config.accountParent} with GrpTRESMins gres/gpu:h100=600,gres/gpu:h200=300`);
      expect(assocs(projA, projB)).toEqual(
        [
          `${projA}||${config.accountParent}|gres/gpu:h100=600,gres/gpu:h200=300`,
          `${projA}|${user1}||`,
          `${projA}|${user2}||`,
          `${projB}||${config.accountParent}|gres/gpu:h100=0`,
          `${projB}|${user3}||`,
        ].sort(),
      );
    });

    it("changes nothing when the cluster already matches", async () => {
      const report = await executor.syncAccounts(desired());
      expect(report).toMatchObject({ created: [], updated: [], usersAdded: [], usersRemoved: [], repairs: [] });
    });

    it("repairs a limit changed by hand (drift), and clears one the platform no longer sets", async () => {
      sacctmgr("-i", "modify", "account", "where", `name=${projA}`, `cluster=${config.id}`, "set", "GrpTRESMins=gres/gpu:h100=5");
      expect(assocs(projA).find((l) => l.startsWith(`${projA}||`))).toBe(`${projA}||${config.accountParent}|gres/gpu:h100=5,gres/gpu:h200=300`);
      const repaired = await executor.syncAccounts(desired());
      expect(repaired.updated).toEqual([{ account: projA, before: { h100: 5, h200: 300 }, after: { h100: 600, h200: 300 } }]);
      expect(assocs(projA).find((l) => l.startsWith(`${projA}||`))).toBe(`${projA}||${config.accountParent}|gres/gpu:h100=600,gres/gpu:h200=300`);

      const award = await executor.syncAccounts(desired({ a: { gpuMinutes: { h100: 900 } } }));
      expect(award.updated).toEqual([{ account: projA, before: { h100: 600, h200: 300 }, after: { h100: 900 } }]);
      expect(assocs(projA).find((l) => l.startsWith(`${projA}||`))).toBe(`${projA}||${config.accountParent}|gres/gpu:h100=900`);
    });

    it("removes the association of a user who is no longer a member", async () => {
      const report = await executor.syncAccounts(desired({ a: { users: [user1], gpuMinutes: { h100: 900 } } }));
      expect(report.usersRemoved).toEqual([{ account: projA, user: user2 }]);
      expect(assocs(projA).filter((l) => !l.startsWith(`${projA}||`))).toEqual([`${projA}|${user1}||`]);
    });

    it("refuses an account that exists outside the parent, and leaves it as it was", async () => {
      const before = assocs(slurm.account);
      const error = await executor.syncAccounts([...desired(), { name: slurm.account, description: "not ours", users: [user1], gpuMinutes: { h100: 1 } }]).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", violations: [{ field: "accounts.2.name", rule: "slurm_account_outside_parent" }] });
      expect(assocs(slurm.account)).toEqual(before);
    });

    it("holds a job whose account has no GPU minutes left: pending with AssocGrpGRESMinutes", async () => {
      const runId = `${tag}.1`;
      await executor.submit({
        runId,
        account: projB,
        user: user3,
        name: "exhausted",
        partition: slurm.partition,
        gresType: "h100",
        acceleratorsPerNode: 1,
        nodes: ["highwaydev-n00001"],
        timeLimitSeconds: 60,
        script: "#!/bin/bash\ntrue\n",
        environment: {},
      });
      const waiting = await poll("the job's pending reason", 30, async () => {
        const s = await executor.status(runId);
        return s?.state === "pending" && s.reason !== null && s.reason !== "Priority" ? s : undefined;
      });
      expect(waiting.reason).toContain("AssocGrpGRESMinutes");
      await executor.cancel(runId);
    });
  });
}
