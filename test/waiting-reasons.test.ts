/**
 * The control loop writes a queued workload's waiting reason when its code changes, and when only
 * its figures change at most once per `reasonRefreshSeconds`, so that a long queue whose figures
 * move at every cycle is not rewritten at every cycle. The reason's clauses are written with it,
 * and the API shows the reason in Korean and English from them.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitingReasonText } from "../src/scheduler/index.js";
import type { WaitClauses } from "../src/scheduler/index.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { projects } from "../src/store/schema/index.js";
import { call, type Harness } from "./support/harness.js";
import { makeAwardedProject, openSimulatedFleetHarness, submitWorkload, workloadRow, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

describeEachStore("waiting reasons", (kind) => {
  let h: Harness;
  let loop: ControlLoop;
  let p: AwardedProject;
  beforeAll(async () => {
    h = await openSimulatedFleetHarness(kind);
    p = await makeAwardedProject(h, { code: "reasons", hopperHours: "200", maxConcurrent: 32 });
    loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test" });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });
  function submit(acceleratorsPerNode: number): Promise<string> {
    return submitWorkload(h, p, { model: "h100-sxm", acceleratorsPerNode, timeLimitMinutes: 30, expectedDurationSeconds: 1200, script: "#!/bin/bash\necho hi\n" });
  }
  it("writes a new code at once and new figures under the same code at most once a minute", async () => {
    // ta has two 8-GPU h100 nodes: one full, one half full; an 8-GPU workload waits for a whole node.
    await submit(8);
    await submit(4);
    await loop.cycle();
    const waiting = await submit(8);
    expect(await loop.cycle()).toMatchObject({ placed: 0, waiting: 1 });
    const first = await workloadRow(h, waiting);
    expect(first).toMatchObject({ state: "queued", waitCode: "reserved" });
    expect(first.reason).toContain("the best node has 4 free");
    // The clauses are the same reason as facts: a capacity clause, then the reservation.
    expect((first.waitClauses as WaitClauses).map((c) => c.key)).toEqual(["capacity-node", "reserved"]);
    expect(first.waitClauses).toMatchObject([{ params: { accelerators: 8, target: "h100-sxm", bestFree: 4 } }, {}]);
    expect(waitingReasonText(first.waitClauses as WaitClauses, "en")).toBe(first.reason);

    // A 2-GPU workload takes half of what was free: the figure moves, the code does not, and the
    // row keeps the reason written a moment ago.
    await submit(2);
    expect(await loop.cycle()).toMatchObject({ placed: 1, waiting: 1 });
    expect(await workloadRow(h, waiting)).toMatchObject({ waitCode: "reserved", reason: first.reason });

    // A minute later the new figure is written.
    h.clock.advance(60_000);
    await loop.cycle();
    const refreshed = await workloadRow(h, waiting);
    expect(refreshed.waitCode).toBe("reserved");
    expect(refreshed.reason).toContain("the best node has 2 free");
    // Written in the same statement: the facts move with the text.
    expect(waitingReasonText(refreshed.waitClauses as WaitClauses, "en")).toBe(refreshed.reason);

    // The API shows the reason in both languages, and its clauses.
    const shown = await call(h, "GET", `/api/v1/workloads/${waiting}`, { token: p.member.token });
    expect(shown.statusCode).toBe(200);
    const view = shown.json() as { reason: string; reasonText: { ko: string; en: string }; waitClauses: WaitClauses };
    expect(view.reasonText.en).toBe(view.reason);
    expect(view.reasonText.ko).toContain("한 노드에 h100-sxm 8개가 필요하지만, 가장 여유 있는 노드의 빈 가속기는 2개입니다. ");
    expect(view.reasonText.ko).toContain("이내에 시작하도록 예약되었습니다");
    expect(view.waitClauses).toEqual(refreshed.waitClauses);

    // A new code is written at the next cycle: with the allocation ended the queue has no quota.
    await h.services.allocations.change(h.system, p.allocationId, { kind: "end", reason: "the project finished early" });
    await loop.cycle();
    const refused = await workloadRow(h, waiting);
    expect(refused).toMatchObject({ state: "queued", waitCode: "quota" });
    expect((refused.waitClauses as WaitClauses).map((c) => c.key)).toEqual(["quota-none"]);
    // Written, the reason names the project by its id; the API's reasonText names it by its title.
    expect(refused.reason).toContain(p.projectId);
    const [project] = await h.store.db.select({ title: projects.title }).from(projects).where(eq(projects.id, p.projectId));
    const named = (await call(h, "GET", `/api/v1/workloads/${waiting}`, { token: p.member.token })).json() as { reason: string; reasonText: { ko: string; en: string } };
    expect(named.reason).toBe(refused.reason);
    expect(named.reasonText.en).toBe(refused.reason!.replace(p.projectId, project!.title));
    expect(named.reasonText.ko).toContain(project!.title);
    expect(named.reasonText.ko).not.toContain(p.projectId);

    // Cancelled: the reason is how it ended, a lifecycle reason; no waiting clauses are left behind.
    await call(h, "POST", `/api/v1/workloads/${waiting}/cancel`, { token: p.member.token });
    expect(await workloadRow(h, waiting)).toMatchObject({ state: "cancelled", waitCode: null, waitClauses: null, lifecycleClauses: [{ key: "cancelled-by" }] });
    const ended = (await call(h, "GET", `/api/v1/workloads/${waiting}`, { token: p.member.token })).json() as { reason: string; reasonText: { ko: string; en: string }; waitClauses: unknown };
    expect(ended).toMatchObject({ reasonText: { en: ended.reason, ko: expect.stringMatching(/의 요청으로 취소됨$/) }, waitClauses: null });
  });
});
