/**
 * The control loop keeps its scheduler state across cycles, on every engine: changes made behind its
 * back between cycles (a submission, the cancellation of a queued workload) reach the kept state
 * without a rebuild, and a drain or an award change rebuilds it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ControlLoop, type CycleReport } from "../src/services/execution/control-loop.js";
import { call, makePerson, type Harness } from "./support/harness.js";
import { makeAwardedProject, openSimulatedFleetHarness, submitWorkload, workloadRow, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

describeEachStore("the control loop's kept scheduler state", (kind) => {
  let h: Harness;
  let loop: ControlLoop;
  let p: AwardedProject;
  let admin: string;

  beforeAll(async () => {
    h = await openSimulatedFleetHarness(kind);
    p = await makeAwardedProject(h, { code: "kept", hopperHours: "200", maxConcurrent: 32 });
    admin = (await makePerson(h, { platformRoles: ["platform_admin"] })).token;
    loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test" });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });

  /** Submits one whole node's worth of work on a model (ta has two h100-sxm nodes, tb two h200). */
  function submit(model: "h100-sxm" | "h200"): Promise<string> {
    return submitWorkload(h, p, { model, acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 600, script: "#!/bin/bash\necho hi\n" });
  }

  it("follows submissions, cancellations, drains and award changes made between its cycles", async () => {
    const first: CycleReport = await loop.cycle();
    expect(first).toMatchObject({ leader: true, placed: 0, schedulerState: "built" });

    // A submission reaches the kept state.
    const a = await submit("h100-sxm");
    expect(await loop.cycle()).toMatchObject({ placed: 1, waiting: 0, schedulerState: "kept" });
    expect(await workloadRow(h, a)).toMatchObject({ state: "dispatched", cluster: "ta" });

    // Three more: one fits the other ta node, two wait for it.
    const b = await submit("h100-sxm");
    const c = await submit("h100-sxm");
    const d = await submit("h100-sxm");
    expect(await loop.cycle()).toMatchObject({ placed: 1, waiting: 2, schedulerState: "kept" });
    const states = await Promise.all([b, c, d].map(async (id) => ({ id, state: (await workloadRow(h, id)).state })));
    expect(states.map((s) => s.state).sort()).toEqual(["dispatched", "queued", "queued"]);
    const waitingOnes = states.filter((s) => s.state === "queued").map((s) => s.id);

    // A queued workload cancelled behind the loop's back leaves the kept state: one waits now.
    const cancelled = await call(h, "POST", `/api/v1/workloads/${waitingOnes[0]}/cancel`, { token: p.member.token });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await loop.cycle()).toMatchObject({ placed: 0, waiting: 1, schedulerState: "kept" });

    // A drain rebuilds the state: new h200 work goes to the node left open.
    const drained = await call(h, "POST", "/api/v1/nodes/tb-n00001/drain", { token: admin, body: { reason: "cable check" } });
    expect(drained.statusCode, drained.body).toBe(200);
    const e = await submit("h200");
    expect(await loop.cycle()).toMatchObject({ placed: 1, waiting: 1, schedulerState: "built" });
    expect(await workloadRow(h, e)).toMatchObject({ state: "dispatched", nodes: ["tb-n00002"] });
    expect(await loop.cycle()).toMatchObject({ placed: 0, schedulerState: "kept" });

    // An award change rebuilds it: with the allocation ended, its queue has no quota left, so the
    // waiting workload stays queued for quota even once the fleet frees up.
    await h.services.allocations.change(h.system, p.allocationId, { kind: "end", reason: "the project finished early" });
    expect(await loop.cycle()).toMatchObject({ placed: 0, waiting: 1, schedulerState: "built" });
    expect(await workloadRow(h, waitingOnes[1]!)).toMatchObject({ state: "queued", waitCode: "quota" });
  });
});
