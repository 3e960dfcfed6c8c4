/**
 * Every reason a workload shows outside the queue (submitted, placed, running, preempting,
 * cancelled, how it ended) is written with its clauses, on the row and on each event, and the API
 * shows it in Korean and English; reasons written before clauses were kept show English only.
 */
import { withParticle } from "../src/domain/korean-particles.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import { highwayPolicy } from "../src/scheduler/index.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { workloadEvents, workloads } from "../src/store/schema/index.js";
import { call, openHarness, type Harness } from "./support/harness.js";
import { makeAwardedProject, submitWorkload, TEST_FLEET, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const SCRIPT = "#!/bin/bash\ntrain\n";
const HANGUL = /[\uac00-\ud7a3]/;

interface Text {
  readonly ko: string;
  readonly en: string;
}
interface Shown {
  readonly state: string;
  readonly reason: string | null;
  readonly reasonText: Text | null;
  readonly lifecycleClauses: readonly { key: string }[] | null;
  readonly jobId: string | null;
  readonly events: readonly { state: string; reason: string | null; reasonText: Text | null; lifecycleClauses: readonly { key: string }[] | null }[];
}

describeEachStore("lifecycle reasons in Korean and English", (kind) => {
  let h: Harness;
  let loop: ControlLoop;
  let a: AwardedProject;
  let b: AwardedProject;
  const errors: unknown[] = [];

  beforeAll(async () => {
    h = await openHarness(kind, {}, { executors: (clock) => new SimulatedFleet(TEST_FLEET, clock).clusters });
    await h.services.fleet.import(h.system, TEST_FLEET);
    a = await makeAwardedProject(h, { code: "lra", hopperHours: "100", maxConcurrent: 16 });
    b = await makeAwardedProject(h, { code: "lrb", hopperHours: "100", maxConcurrent: 8, linuxUser: "hwtest2" });
    loop = new ControlLoop(h.services.deps, h.services.fleetView, {
      holder: "test",
      onError: (error) => errors.push(error),
      policy: highwayPolicy({ preemption: { ...highwayPolicy().preemption, enabled: true, gracePeriodSeconds: 30, minRuntimeSeconds: 0 } }),
    });
  });
  afterAll(async () => {
    await loop?.stop();
    await h.close();
  });

  async function settle(ms: number) {
    h.clock.advance(ms);
    return loop.cycle();
  }
  async function show(p: AwardedProject, id: string): Promise<Shown> {
    const res = await call(h, "GET", `/api/v1/workloads/${id}`, { token: p.member.token });
    expect(res.statusCode).toBe(200);
    return res.json() as Shown;
  }
  /** Each of our reasons has both texts, the English being the reason itself and the Korean in Hangul. */
  function expectBilingual(shown: { reason: string | null; reasonText: Text | null }): Text {
    expect(shown.reasonText, shown.reason ?? "").not.toBeNull();
    expect(shown.reasonText!.en).toBe(shown.reason);
    expect(shown.reasonText!.ko).toMatch(HANGUL);
    return shown.reasonText!;
  }

  it("follows a workload from submission to its end in both languages, on the row and every event", async () => {
    const id = await submitWorkload(h, a, { script: SCRIPT, model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 600 });
    let w = await show(a, id);
    expect(w).toMatchObject({ state: "queued", reason: "waiting for the scheduler", reasonText: { ko: "스케줄러 대기 중" }, lifecycleClauses: [{ key: "queued-for-scheduler" }] });
    expect(w.events).toMatchObject([{ state: "queued", reason: "submitted", reasonText: { ko: "제출됨", en: "submitted" } }]);

    await settle(0);
    w = await show(a, id);
    expect(w.state).toBe("dispatched");
    expect(expectBilingual(w)).toEqual({ en: "placed on ta: 1 x 8 h100-sxm", ko: "ta에 배치됨: 노드 1개 x 노드당 h100-sxm 8개" });
    // Events of one instant come in no set order: compare them sorted.
    expect(w.events.map((e) => e.reasonText?.ko).sort()).toEqual(["제출됨", "ta에 배치됨: 노드 1개 x 노드당 h100-sxm 8개", `ta에 작업 ${w.jobId} 제출됨`].sort());

    await settle(1000);
    w = await show(a, id);
    expect(w.state).toBe("running");
    expect(expectBilingual(w)).toEqual({ en: "running on ta", ko: "ta에서 실행 중" });
    expect(w.events.at(-1)).toMatchObject({ state: "running", reasonText: { ko: expect.stringMatching(new RegExp(`^작업 ${withParticle(w.jobId!, "이/가")} ta-n0000[12]에서 시작됨$`)) } });

    await settle(600_000);
    w = await show(a, id);
    expect(w.state).toBe("succeeded");
    expect(expectBilingual(w)).toEqual({ en: "completed", ko: "완료됨" });
    expect(w.events.map((e) => e.state).sort()).toEqual(["dispatched", "dispatched", "queued", "running", "succeeded"]);
    for (const e of w.events) expectBilingual(e);
    expect(errors).toEqual([]);
  });

  it("says why a run is preempted and that it was requeued, reading the scheduler's cause as facts", async () => {
    const filler = await submitWorkload(h, a, { script: SCRIPT, model: "h100-sxm", acceleratorsPerNode: 8, nodes: 2, timeLimitMinutes: 60, expectedDurationSeconds: 3000, preemptible: true });
    await settle(0);
    await settle(1000);
    const f = await show(a, filler);
    expect(f.state, JSON.stringify(f.reason)).toBe("running");
    await submitWorkload(h, b, { script: SCRIPT, model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 300 });
    expect((await settle(60_000)).preempted).toBe(1);
    const preempting = await show(a, filler);
    expect(preempting.reason).toMatch(/^preempting: .*; 30 s to checkpoint$/);
    // A cause the scheduler names in one of its two forms, not the fallback that keeps its English.
    expect(preempting.lifecycleClauses?.map((c) => c.key)).toEqual([expect.stringMatching(/^preempting-(reclaim|tier)$/), "checkpoint-grace"]);
    const ko = expectBilingual(preempting).ko;
    expect(ko).toMatch(/^선점 중: .*\. 체크포인트까지 30초$/);
    expect(ko).not.toMatch(/preempt|makes room|borrows/);

    await settle(31_000); // past the grace: the job is killed
    await settle(1000);
    const requeued = await show(a, filler);
    expect(requeued.state).toBe("queued");
    const requeue = requeued.events.find((e) => e.state === "queued" && e.reason?.startsWith("preempted on"));
    expect(requeue).toMatchObject({ reason: "preempted on ta; requeued", reasonText: { ko: "ta에서 선점되어 다시 대기열에 들어감" } });
    for (const e of requeued.events) expectBilingual(e);
    // Back in the queue the scheduler's waiting reason replaces it, and the lifecycle facts go with the text.
    // Back in the queue the scheduler's waiting reason replaces it: the lifecycle facts go with the text.
    expect(requeued).toMatchObject({ waitCode: expect.any(String), lifecycleClauses: null });
    expectBilingual(requeued);
    const [stored] = await h.store.db.select({ lifecycleClauses: workloads.lifecycleClauses }).from(workloads).where(eq(workloads.id, filler));
    expect(stored!.lifecycleClauses).toBeNull();
  });

  it("says who cancelled a running workload, in Korean too, from the request to its end", async () => {
    // On tb, which the preemption test leaves alone.
    const id = await submitWorkload(h, a, { script: SCRIPT, model: "h200", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 1200 });
    await settle(0);
    await settle(1000);
    expect((await show(a, id)).state).toBe("running");
    const cancelled = await call(h, "POST", `/api/v1/workloads/${id}/cancel`, { token: a.member.token });
    expect(cancelled.statusCode).toBe(200);
    const asked = cancelled.json() as Shown;
    expect(asked.reason).toMatch(/^cancelled by /);
    const ko = expectBilingual(asked).ko;
    expect(ko).toBe(`${asked.reason!.slice("cancelled by ".length)}의 요청으로 취소됨`);
    await settle(1000); // the loop stops the job
    await settle(1000); // and sees it ended
    const w = await show(a, id);
    expect(w.state).toBe("cancelled");
    // It ends for the reason it was cancelled with, its clauses kept.
    expect(w.reasonText).toEqual({ en: asked.reason, ko });
    const events = w.events.map((e) => `${e.state}: ${e.reasonText?.ko}`).sort();
    expect(events).toEqual([
      `cancelled: ${ko}`,
      expect.stringMatching(/^dispatched: tb에 배치됨: 노드 1개 x 노드당 h200 8개( \(백필\))?$/),
      expect.stringMatching(/^dispatched: tb에 작업 \S+ 제출됨$/),
      "queued: 제출됨",
      expect.stringMatching(/^running: 작업 \S+(?:이|가) tb-n0000[12]에서 시작됨$/),
      "running: 취소 요청됨",
    ]);
    for (const e of w.events) expectBilingual(e);
  });

  it("documents reasonText and lifecycleClauses on a workload and on its events in the OpenAPI document", async () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; description?: string };
    const doc = (await call(h, "GET", "/api/v1/openapi.json")).json() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Schema }> }> }>> };
    const shown = doc.paths["/api/v1/workloads/{workloadId}"]!.get!.responses["200"]!.content["application/json"]!.schema;
    for (const schema of [shown, shown.properties!.events!.items!]) {
      expect(Object.keys(schema.properties!)).toEqual(expect.arrayContaining(["reason", "reasonText", "lifecycleClauses"]));
      expect(schema.properties!.reasonText!.description).toMatch(/Korean and English/);
    }
  });

  it("shows a reason written before clauses were kept in English only", async () => {
    const id = await submitWorkload(h, a, { script: SCRIPT, model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 600 });
    // What rows and events from before the migration hold: the text and no clauses.
    await h.store.db.update(workloads).set({ state: "cancelled", reason: "cancelled by an old version", lifecycleClauses: null, waitCode: null, waitClauses: null }).where(eq(workloads.id, id));
    await h.store.db.update(workloadEvents).set({ lifecycleClauses: null }).where(eq(workloadEvents.workloadId, id));
    const w = await show(a, id);
    expect(w).toMatchObject({ reason: "cancelled by an old version", reasonText: null, lifecycleClauses: null });
    expect(w.events).toMatchObject([{ reason: "submitted", reasonText: null, lifecycleClauses: null }]);
  });
});
