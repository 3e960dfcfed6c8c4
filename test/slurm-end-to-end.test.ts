/**
 * The whole spine on real Slurm 22.05 (scripts/slurm-dev.sh): an awarded project submits 20
 * workloads of 1, 8 and 16 GPUs on two models; the control loop places them, syncs the project's
 * account to Slurm, runs them as the member's Linux user and meters them. The ledger matches each
 * job's elapsed time (as Slurm records it) x accelerators within one second; the balance, the
 * organization's invoice and the operator's statement are exact; an over-budget submission is
 * refused; the Slurm association's limits match the award.
 *
 * Skipped without the dev cluster, failed with HIGHWAY_REQUIRE_SLURM=1. Waits poll to a deadline.
 */
import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/domain/clock.js";
import { seoulMonthOf } from "../src/domain/metering/index.js";
import { parseRunId, type JobStatus } from "../src/executors/cluster-executor.js";
import { createSlurmExecutor } from "../src/executors/slurm/slurm-cluster-config.js";
import { readClusters } from "../src/runtime.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { allocationBalances, usageLedger, workloads } from "../src/store/schema/index.js";
import { slurmAccountOf } from "../src/domain/workloads/workload.js";
import { call, type Harness, openHarness } from "./support/harness.js";
import { makeAwardedProject, type AwardedProject } from "./support/projects.js";
import { findSlurmDev, poll, REQUIRE_SLURM } from "./support/slurm-dev.js";
import slurmDevFleet from "../fleet/slurm-dev.json" with { type: "json" };

const found = await findSlurmDev();

if (typeof found === "string" || found.clusterConfig === undefined) {
  const why = typeof found === "string" ? found : "the dev cluster wrote no cluster config";
  if (REQUIRE_SLURM) {
    describe("end to end on Slurm", () => {
      it("needs a running Slurm (HIGHWAY_REQUIRE_SLURM=1)", () => {
        throw new Error(`HIGHWAY_REQUIRE_SLURM=1 but no Slurm: ${why}`);
      });
    });
  } else {
    describe.skip(`end to end on Slurm (skipped: ${why})`, () => {
      it("runs 20 workloads and meters them", () => {});
    });
  }
} else {
  const slurm = found;
  const config = readClusters(slurm.clusterConfig!)[0]!;
  const HOURS = 10n;
  // 20 workloads: [accelerators per node, nodes, model].
  const SHAPES: [number, number, string][] = [
    ...Array.from({ length: 10 }, (_, i): [number, number, string] => [1, 1, i % 2 === 0 ? "h100-sxm" : "h200-sxm"]),
    ...Array.from({ length: 7 }, (_, i): [number, number, string] => [8, 1, i % 2 === 0 ? "h200-sxm" : "h100-sxm"]),
    [8, 2, "h100-sxm"],
    [8, 2, "h200-sxm"],
    [8, 2, "h100-sxm"],
  ];

  describe("end to end on Slurm", () => {
    let h: Harness;
    let loop: ControlLoop;
    let p: AwardedProject;
    const executor = createSlurmExecutor(config);
    const ids: string[] = [];
    let jobs: JobStatus[] = [];

    beforeAll(async () => {
      const clock = new ManualClock(new Date());
      h = await openHarness("pglite", {}, { clock, executors: () => new Map([[config.id, executor]]) });
      await h.services.fleet.import(h.system, slurmDevFleet);
      p = await makeAwardedProject(h, { code: "e2e", hopperHours: String(HOURS), maxConcurrent: 32, linuxUser: slurm.user, startsAt: seoulToday(clock.now()) });
      loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "e2e", gresType: (_c, model) => config.gresTypes[model] ?? model });
    });
    afterAll(async () => {
      for (const j of await executor.list()) if (ids.includes(parseRunId(j.runId)?.workloadId ?? "") && (j.state === "pending" || j.state === "running")) await executor.cancel(j.runId);
      await loop?.stop();
      await h?.close();
    });

    const now = () => h.clock.set(new Date());

    it("takes 20 workloads and refuses one the balance cannot cover", async () => {
      now();
      for (const [i, [perNode, nodes, model]] of SHAPES.entries()) {
        const res = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, {
          token: p.member.token,
          body: { name: `e2e-${i}`, model, acceleratorsPerNode: perNode, nodes, timeLimitMinutes: 2, script: `#!/bin/bash\nsleep ${3 + (i % 4)}\necho "run ${i} on $(hostname) as $(whoami)"\n` },
        });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
      }
      // 16 GPUs x 60 minutes = 16 hours; the award is 10 hours, 3.8 of them reserved already.
      const over = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, {
        token: p.member.token,
        body: { model: "h100-sxm", acceleratorsPerNode: 8, nodes: 2, timeLimitMinutes: 60, script: "#!/bin/bash\nsleep 1\n" },
      });
      expect(over.statusCode).toBe(409);
      expect(over.json()).toMatchObject({ code: "ALLOCATION_BALANCE_INSUFFICIENT", errors: [expect.objectContaining({ field: "timeLimitMinutes" })] });
    });

    it("runs them all on Slurm as the member's Linux user", async () => {
      await poll("all 20 workloads to end", 240, async () => {
        now();
        await loop.cycle();
        const rows = await h.store.db.select().from(workloads);
        return rows.every((r) => ["succeeded", "failed", "cancelled", "timed_out"].includes(r.state)) ? rows : undefined;
      }, 500);
      const rows = await h.store.db.select().from(workloads);
      expect(rows.map((r) => r.state)).toEqual(Array(20).fill("succeeded"));
      jobs = (await executor.list()).filter((j) => ids.includes(parseRunId(j.runId)?.workloadId ?? ""));
      expect(jobs).toHaveLength(20);
      for (const j of jobs) {
        expect(j.user).toBe(slurm.user);
        expect(j.state).toBe("succeeded");
      }
      const output = await call(h, "GET", `/api/v1/workloads/${ids[0]}/output`, { token: p.member.token });
      expect(output.json().stdout).toContain(`as ${slurm.user}`);
    }, 300_000);

    it("meters each job's elapsed time x accelerators within one second", async () => {
      const ledger = await h.store.db.select().from(usageLedger);
      for (const [i, id] of ids.entries()) {
        const job = jobs.find((j) => j.runId === `${id}.1`)!;
        const [perNode, nodes] = SHAPES[i]!;
        const accelerators = perNode * nodes;
        const elapsed = (job.endedAt!.getTime() - job.startedAt!.getTime()) / 1000;
        const metered = ledger.filter((e) => e.workloadId === id).reduce((s, e) => s + Number(e.acceleratorSeconds), 0);
        expect(Math.abs(metered / accelerators - elapsed), `workload ${i}: ${metered} / ${accelerators} vs ${elapsed}`).toBeLessThanOrEqual(1);
      }
    });

    it("keeps the balance, the invoice and the operator's statement exact", async () => {
      const ledger = await h.store.db.select().from(usageLedger);
      const used = ledger.reduce((s, e) => s + e.acceleratorSeconds, 0n);
      const [balance] = await h.store.db.select().from(allocationBalances).where(eq(allocationBalances.allocationId, p.allocationId));
      expect(balance).toMatchObject({ grantedSeconds: HOURS * 3600n, usedSeconds: used, reservedSeconds: 0n });
      const price: Record<string, bigint> = { "h100-sxm": 3500n, "h200-sxm": 4500n };
      const months = [...new Set(ledger.map((e) => seoulMonthOf(e.startedAt.toISOString())))];
      let krw = 0n;
      let coPay = 0n;
      let vat = 0n;
      let delivered = 0n;
      for (const month of months) {
        const mine = ledger.filter((e) => seoulMonthOf(e.startedAt.toISOString()) === month);
        const monthKrw = mine.reduce((s, e) => s + (e.acceleratorSeconds * price[e.model]! * 2n + 3600n) / 7200n, 0n);
        const monthCoPay = mine.reduce((s, e) => s + e.coPayKrw, 0n);
        const invoice = await h.services.statements.organizationStatement(h.system, p.organizationId, month);
        expect(invoice.totals).toMatchObject({ usageSeconds: mine.reduce((s, e) => s + e.acceleratorSeconds, 0n), usageKrw: monthKrw, chargedKrw: monthKrw, coPayKrw: monthCoPay, vatKrw: monthCoPay / 10n, totalDueKrw: monthCoPay + monthCoPay / 10n });
        const operator = await h.services.statements.operatorStatement(h.system, "highway-dev", month);
        expect(operator.totals).toMatchObject({ deliveredKrw: monthKrw, settlementKrw: monthKrw });
        krw += monthKrw;
        coPay += monthCoPay;
        vat += invoice.totals.vatKrw;
        delivered += operator.totals.deliveredSeconds;
      }
      expect(delivered).toBe(used);
      // The SME co-pay share of the test program, applied per entry and rounded half up.
      for (const e of ledger) expect(e.coPayKrw + e.governmentKrw).toBe(e.krw);
      expect(krw).toBeGreaterThan(0n);
      expect(coPay + vat).toBeGreaterThan(0n);
    });

    it("gives the project's Slurm account the award's limits and the member's association", () => {
      const account = slurmAccountOf(p.projectId);
      const shown = spawnSync("sacctmgr", ["-nP", "show", "assoc", `account=${account}`, "format=account,user,grptresmins"], { encoding: "utf8", env: { ...process.env, ...(slurm.slurmConf ? { SLURM_CONF: slurm.slurmConf } : {}) } });
      expect(shown.status, shown.stderr).toBe(0);
      const lines = shown.stdout.trim().split("\n").map((l) => l.split("|"));
      const own = lines.find(([, user]) => user === "");
      expect(own?.[2]?.split(",").sort()).toEqual([`gres/gpu:h100=${HOURS * 60n}`, `gres/gpu:h200=${HOURS * 60n}`]);
      expect(lines.filter(([, user]) => user !== "").map(([, user]) => user)).toEqual([slurm.user]);
    });
  });
}

/** Today's date in Asia/Seoul as the award's start ("YYYY-MM-DDT00:00"). */
function seoulToday(at: Date): string {
  return `${new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10)}T00:00`;
}
