/**
 * The whole allocation lifecycle through HTTP, on every engine: a program and a call, applications
 * from three organizations (one ineligible, refused with the rule named), reviews with a refused
 * reviewer and a declared conflict, decisions that create the project, allocation and queue and
 * draw the budget down by exactly the award, a tranche released after a progress report, and an
 * idle allocation reclaimed with its hours returned to the program.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { notificationEvents } from "../src/store/schema/index.js";
import { describeEachStore } from "./support/stores.js";
import { call, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";

const HOPPER_PRICE = 4500n; // the highest hopper model price in the bundled fleet (h200-sxm)

describeEachStore("program lifecycle", (kind) => {
  let h: Harness;
  let pm: string;
  let reviewers: { id: string; token: string }[];
  let orgs: Record<"a" | "b" | "c", { id: string; token: string }>;
  let programId: string;
  let roundId: string;
  const apps: Record<string, string> = {};

  beforeAll(async () => {
    h = await openHarness(kind);
    pm = (await makePerson(h, { platformRoles: ["program_manager"] })).token;
    reviewers = [];
    for (let i = 0; i < 4; i++) {
      const r = await makePerson(h, { platformRoles: ["reviewer"] });
      reviewers.push({ id: r.person.id, token: r.token });
    }
    const a = await makeOrganization(h, { name: "광주정밀", type: "sme", region: "KR-29", sector: "C" });
    const b = await makeOrganization(h, { name: "서울비전", type: "startup", region: "KR-11", sector: "J", foundedOn: "2023-05-01" });
    const c = await makeOrganization(h, { name: "대형중공업", type: "large", region: "KR-31", sector: "C" });
    orgs = {
      a: { id: a.id, token: (await makePerson(h, { organizationId: a.id, role: "org_admin" })).token },
      b: { id: b.id, token: (await makePerson(h, { organizationId: b.id, role: "org_admin" })).token },
      c: { id: c.id, token: (await makePerson(h, { organizationId: c.id, role: "org_admin" })).token },
    };
    // The fourth reviewer works at organization A.
    await h.services.organizations.addMember(h.system, a.id, { email: (await h.services.people.get(h.system, reviewers[3]!.id)).email, role: "member" });
  });
  afterAll(() => h.close());

  it("defines a program, a call and an open round", async () => {
    const program = await call(h, "POST", "/api/v1/programs", {
      token: pm,
      body: {
        code: "ax-sprint-test",
        name: { ko: "AX 스프린트", en: "AX Sprint" },
        fiscalYear: 2027,
        budget: { krw: "1000000000", acceleratorHours: { hopper: "100000" } },
        eligibility: { organizationTypes: ["startup", "sme"] },
        reclaim: { idleThresholdBp: 2000, windowDays: 7, reclaimShareBp: 5000 },
      },
    });
    expect(program.statusCode, program.body).toBe(201);
    programId = program.json().id;
    const callRes = await call(h, "POST", `/api/v1/programs/${programId}/calls`, { token: pm, body: { code: "first", name: { ko: "1차 공모", en: "First call" } } });
    expect(callRes.statusCode, callRes.body).toBe(201);
    const round = await call(h, "POST", `/api/v1/calls/${callRes.json().id}/rounds`, {
      token: pm,
      body: {
        name: { ko: "1차", en: "Round 1" },
        opensAt: "2026-11-01T09:00",
        closesAt: "2026-12-31T18:00",
        review: { minReviewers: 2, rubric: [{ key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 2 }, { key: "feasibility", label: { ko: "실현가능성", en: "Feasibility" }, weight: 1 }] },
        tranches: [{ shareBp: 5000, requiresProgressReport: false }, { shareBp: 5000, requiresProgressReport: true }],
      },
    });
    expect(round.statusCode, round.body).toBe(201);
    roundId = round.json().id;
    const member = await call(h, "POST", "/api/v1/programs", { token: orgs.a.token, body: {} });
    expect(member.statusCode).toBe(403);
  });

  function application(hours: string) {
    return {
      title: "불량 검출 모델",
      team: [{ email: "pi@example.kr", role: "pi" }],
      request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: hours, maxConcurrent: 16 }], startsAt: "2026-12-01T00:00", endsAt: "2027-05-30T00:00" },
    };
  }

  it("takes applications from three organizations and refuses the ineligible one, naming the rule", async () => {
    for (const [key, hours] of [["a", "20000"], ["b", "30000"], ["c", "10000"]] as const) {
      const draft = await call(h, "POST", `/api/v1/rounds/${roundId}/applications`, { token: orgs[key].token, body: { organizationId: orgs[key].id, application: application(hours) } });
      expect(draft.statusCode, draft.body).toBe(201);
      expect(draft.json().state).toBe("draft");
      apps[key] = draft.json().id;
    }
    for (const key of ["a", "b"] as const) {
      const submitted = await call(h, "POST", `/api/v1/applications/${apps[key]}/submit`, { token: orgs[key].token });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json().state).toBe("submitted");
    }
    const refused = await call(h, "POST", `/api/v1/applications/${apps.c}/submit`, { token: orgs.c.token });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("PROGRAM_INELIGIBLE_TYPE");
    expect(refused.json().errors).toEqual([expect.objectContaining({ rule: "PROGRAM_INELIGIBLE_TYPE", field: "organization.type" })]);
    expect((await call(h, "GET", `/api/v1/applications/${apps.c}`, { token: orgs.c.token })).json().state).toBe("draft");
    // Another organization cannot see it.
    expect((await call(h, "GET", `/api/v1/applications/${apps.c}`, { token: orgs.a.token })).statusCode).toBe(404);
  });

  it("assigns reviewers, refusing a member of the applicant and a declared conflict", async () => {
    const sameOrg = await call(h, "POST", `/api/v1/applications/${apps.a}/reviewers`, { token: pm, body: { reviewerId: reviewers[3]!.id } });
    expect(sameOrg.statusCode).toBe(409);
    expect(sameOrg.json().code).toBe("REVIEWER_SAME_ORGANIZATION");
    const declared = await call(h, "POST", "/api/v1/reviewer-conflicts", { token: reviewers[1]!.token, body: { kind: "organization", organizationId: orgs.b.id, note: "공동연구 이력" } });
    expect(declared.statusCode, declared.body).toBe(200);
    const conflicted = await call(h, "POST", `/api/v1/applications/${apps.b}/reviewers`, { token: pm, body: { reviewerId: reviewers[1]!.id } });
    expect(conflicted.statusCode).toBe(409);
    expect(conflicted.json().code).toBe("REVIEWER_CONFLICT");
    for (const [app, r] of [[apps.a, 0], [apps.a, 1], [apps.b, 0], [apps.b, 2]] as const) {
      // One review is due within a day (Asia/Seoul 2026-11-30 09:00 is 23 hours after the clock).
      const dueAt = app === apps.b && r === 2 ? "2026-11-30T09:00" : "2027-01-15T18:00";
      const assigned = await call(h, "POST", `/api/v1/applications/${app}/reviewers`, { token: pm, body: { reviewerId: reviewers[r]!.id, dueAt } });
      expect(assigned.statusCode, assigned.body).toBe(201);
    }
    expect(await h.services.applications.remindDueReviews()).toBe(1);
    expect(await h.services.applications.remindDueReviews()).toBe(0);
    expect((await call(h, "GET", `/api/v1/applications/${apps.a}`, { token: orgs.a.token })).json().state).toBe("in_review");
    // A reviewer sees only what is assigned to them.
    const seen = await call(h, "GET", "/api/v1/applications", { token: reviewers[2]!.token });
    expect(seen.json().items.map((x: { id: string }) => x.id)).toEqual([apps.b]);
    for (const r of [0, 1, 2]) {
      const mine = await call(h, "GET", "/api/v1/reviews", { token: reviewers[r]!.token });
      for (const review of mine.json().items as { id: string }[]) {
        const scored = await call(h, "POST", `/api/v1/reviews/${review.id}`, { token: reviewers[r]!.token, body: { scores: { impact: 8, feasibility: 6 }, publicComment: "좋습니다" } });
        expect(scored.statusCode, scored.body).toBe(200);
        expect(scored.json().score).toBe(7333);
      }
    }
  });

  let allocationA: string;
  let allocationB: string;

  it("accepts: the project, its allocation and queue exist and the budget is drawn down by exactly the award", async () => {
    const before = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json();
    expect(before.committed.krw).toBe("0");
    const acceptA = await call(h, "POST", `/api/v1/applications/${apps.a}/decision`, { token: pm, body: { outcome: "accept", publicNote: "선정" } });
    expect(acceptA.statusCode, acceptA.body).toBe(200);
    const acceptB = await call(h, "POST", `/api/v1/applications/${apps.b}/decision`, { token: pm, body: { outcome: "accept" } });
    expect(acceptB.statusCode, acceptB.body).toBe(200);
    allocationA = acceptA.json().allocation.id;
    allocationB = acceptB.json().allocation.id;

    const after = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json();
    expect(BigInt(after.committed.krw)).toBe((20000n + 30000n) * HOPPER_PRICE);
    expect(after.committed.acceleratorHours).toEqual({ hopper: "50000" });

    const project = await call(h, "GET", `/api/v1/projects/${acceptA.json().projectId}`, { token: orgs.a.token });
    expect(project.statusCode).toBe(200);
    expect(project.json()).toMatchObject({ organizationId: orgs.a.id, programId, allocationId: allocationA });
    const allocation = (await call(h, "GET", `/api/v1/allocations/${allocationA}`, { token: orgs.a.token })).json();
    expect(allocation.allocation.grants[0]).toMatchObject({ acceleratorClass: "hopper", committedHours: "20000", releasedHours: "10000", maxConcurrent: 16 });
    const periodHours = (Date.parse("2027-05-29T15:00:00Z") - Date.parse("2026-11-30T15:00:00Z")) / 3_600_000;
    expect(allocation.queue).toMatchObject({ cohort: programId, active: true });
    expect(allocation.queue.resources[0]).toMatchObject({ acceleratorClass: "hopper", nominalQuota: 16, borrowingLimit: 16, lendingLimit: 16 });
    expect(allocation.queue.resources[0].fairShareWeight).toBeCloseTo(10000 / periodHours, 6);
    // Organization B cannot see A's allocation.
    expect((await call(h, "GET", `/api/v1/allocations/${allocationA}`, { token: orgs.b.token })).statusCode).toBe(404);
  });

  it("releases the second tranche only after an approved progress report; the queue's weight rises, the budget does not move", async () => {
    const early = await call(h, "POST", `/api/v1/allocations/${allocationA}/changes`, { token: pm, body: { kind: "tranche_release", trancheIndex: 1 } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("TRANCHE_NOT_RELEASABLE");
    const report = await call(h, "POST", `/api/v1/allocations/${allocationA}/progress-reports`, { token: orgs.a.token, body: { trancheIndex: 1, summary: "1단계 완료" } });
    expect(report.statusCode, report.body).toBe(200);
    const approved = await call(h, "POST", `/api/v1/allocations/${allocationA}/progress-reports/${report.json().id}/review`, { token: pm, body: { status: "approved" } });
    expect(approved.json().status).toBe("approved");
    const committedBefore = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json().committed;
    const released = await call(h, "POST", `/api/v1/allocations/${allocationA}/changes`, { token: pm, body: { kind: "tranche_release", trancheIndex: 1, progressReportId: report.json().id } });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().allocation.grants[0].releasedHours).toBe("20000");
    expect(released.json().queue.resources[0].acceleratorHours).toBe("20000");
    expect((await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json().committed).toEqual(committedBefore);
  });

  it("flags an idle allocation and reclaims it, returning its hours and KRW to the program", async () => {
    h.clock.set(new Date("2026-12-10T00:00:00Z"));
    for (const [allocation, seconds] of [[allocationA, 3600], [allocationB, 16 * 3600 * 24 * 8]] as const) {
      const recorded = await h.services.allocations.recordUsage(h.system, allocation, {
        workloadId: `w-${allocation}`,
        acceleratorClass: "hopper",
        model: "h100-sxm",
        pricePerHourKrw: 3500,
        startedAt: "2026-12-01T00:00:00Z",
        endedAt: "2026-12-09T00:00:00Z",
        acceleratorSeconds: seconds,
      });
      expect(recorded.krw).toBeGreaterThan(0n);
    }
    const used = (await call(h, "GET", `/api/v1/allocations/${allocationB}`, { token: orgs.b.token })).json().usage;
    expect(used.hopper).toEqual({ acceleratorSeconds: String(16 * 3600 * 24 * 8), krw: String(16n * 24n * 8n * 3500n) });
    const assessed = await call(h, "POST", `/api/v1/programs/${programId}/idle-assessment`, { token: pm });
    expect(assessed.statusCode, assessed.body).toBe(200);
    const byId = Object.fromEntries((assessed.json() as { allocationId: string; assessment: { idle: boolean } }[]).map((x) => [x.allocationId, x.assessment.idle]));
    expect(byId).toEqual({ [allocationA]: true, [allocationB]: false });
    const notIdle = await call(h, "POST", `/api/v1/allocations/${allocationB}/reclaim`, { token: pm });
    expect(notIdle.statusCode).toBe(409);
    expect(notIdle.json().code).toBe("RECLAIM_NOT_ALLOWED");

    const before = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json().committed;
    const reclaimed = await call(h, "POST", `/api/v1/allocations/${allocationA}/reclaim`, { token: pm });
    expect(reclaimed.statusCode, reclaimed.body).toBe(200);
    const returned = BigInt(reclaimed.json().returnedKrw);
    expect(returned).toBeGreaterThan(0n);
    const after = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json().committed;
    expect(BigInt(after.krw)).toBe(BigInt(before.krw) - returned);
    const grant = reclaimed.json().allocation.grants[0];
    expect(BigInt(grant.releasedHours)).toBeLessThan(20000n);
    expect(reclaimed.json().queue.resources[0].acceleratorHours).toBe(grant.releasedHours);
    expect(BigInt(after.acceleratorHours.hopper)).toBe(20000n + 30000n - (20000n - BigInt(grant.committedHours)));
  });

  it("raised a notification for each step, to the right people, in the same transactions", async () => {
    const events = await h.store.db.select().from(notificationEvents);
    const types = events.map((e) => e.type);
    for (const type of ["application.submitted", "review.assigned", "review.due", "decision.made", "tranche.released", "reclaim.warning"]) {
      expect(types, type).toContain(type);
    }
    expect(types.filter((t) => t === "application.submitted")).toHaveLength(2);
    const due = events.find((e) => e.type === "review.due")!;
    expect(due.recipientPersonIds).toEqual([reviewers[2]!.id]);
    const decisions = events.filter((e) => e.type === "decision.made");
    expect(decisions.map((e) => e.organizationId).sort()).toEqual([orgs.a.id, orgs.b.id].sort());
    expect(decisions.map((e) => (e.payload as { awardedWon: string }).awardedWon).sort()).toEqual([String(20000n * HOPPER_PRICE), String(30000n * HOPPER_PRICE)].sort());
    // The refused submission raised nothing.
    expect(events.filter((e) => e.organizationId === orgs.c.id)).toEqual([]);
  });

  it("reports by organization type, region and sector, in JSON and in CSV with a BOM", async () => {
    const report = await call(h, "GET", `/api/v1/programs/${programId}/report`, { token: pm });
    expect(report.statusCode, report.body).toBe(200);
    const committed = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json().committed;
    expect(report.json().total).toMatchObject({ applications: 2, accepted: 2, krw: committed.krw });
    const total = report.json().total as { krw: string; governmentKrw: string; coPayKrw: string };
    expect(BigInt(total.governmentKrw) + BigInt(total.coPayKrw)).toBe(BigInt(total.krw));
    const regions = Object.fromEntries((report.json().byRegion as { key: string; applications: number }[]).map((r) => [r.key, r.applications]));
    expect(regions).toMatchObject({ "KR-11": 1, "KR-29": 1 });
    const csv = await call(h, "GET", `/api/v1/programs/${programId}/report.csv`, { token: pm });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain("\r\n");
    expect((await call(h, "GET", `/api/v1/programs/${programId}/report`, { token: orgs.a.token })).statusCode).toBe(403);
  });
});
