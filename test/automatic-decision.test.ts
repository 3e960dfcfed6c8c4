/**
 * Automatic decisions over a round: the best weighted scores are accepted first while the budget
 * lasts; the rest, with complete reviews, are rejected with their reasons; an application still
 * waiting for reviews stays in review.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "./support/stores.js";
import { call, makeOpenRound, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";

describeEachStore("automatic round decision", (kind) => {
  let h: Harness;
  let pm: string;
  let roundId: string;
  let programId: string;
  const apps: { id: string; score: number | null }[] = [];

  beforeAll(async () => {
    h = await openHarness(kind);
    pm = (await makePerson(h, { platformRoles: ["program_manager"] })).token;
    const actor = await h.services.tokens.authenticate(pm);
    // Room for two awards of 20,000 hopper hours.
    ({ roundId, programId } = await makeOpenRound(h, actor, { code: "auto", hopperHours: "40000" }));
    const reviewer = await makePerson(h, { platformRoles: ["reviewer"] });
    const reviewerActor = await h.services.tokens.authenticate(reviewer.token);
    for (const score of [6, 9, 3, 8, null]) {
      const org = await makeOrganization(h, { region: "KR-30" });
      const member = await makePerson(h, { organizationId: org.id, role: "org_admin" });
      const memberActor = await h.services.tokens.authenticate(member.token);
      const app = await h.services.applications.create(memberActor, roundId, {
        organizationId: org.id,
        application: { title: `점수 ${score}`, team: [{ email: member.person.email, role: "pi" }], request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: "20000", maxConcurrent: 16 }], startsAt: "2026-12-01T00:00", endsAt: "2027-06-01T00:00" } },
      });
      await h.services.applications.submit(memberActor, app.value.id);
      const review = await h.services.applications.assignReviewer(actor, app.value.id, { reviewerId: reviewer.person.id });
      if (score !== null) await h.services.applications.submitReview(reviewerActor, review.value.id, { scores: { impact: score } });
      apps.push({ id: app.value.id, score });
    }
  });
  afterAll(() => h.close());

  it("accepts the two best, rejects the reviewed rest with reasons, and leaves the unreviewed one in review", async () => {
    const decided = await call(h, "POST", `/api/v1/rounds/${roundId}/decide`, { token: pm, body: {} });
    expect(decided.statusCode, decided.body).toBe(200);
    const byScore = (s: number | null) => apps.find((a) => a.score === s)!.id;
    expect([...decided.json().accepted].sort()).toEqual([byScore(9), byScore(8)].sort());
    expect([...decided.json().rejected].sort()).toEqual([byScore(6), byScore(3)].sort());
    expect(decided.json().pending).toEqual([byScore(null)]);
    const ranked = decided.json().decisions as { applicationId: string; rank: number; reasons: { rule: string }[] }[];
    expect(ranked.find((d) => d.applicationId === byScore(6))!.reasons.map((r) => r.rule)).toContain("PROGRAM_BUDGET_EXCEEDED");
    expect((await call(h, "GET", `/api/v1/applications/${byScore(null)}`, { token: pm })).json().state).toBe("in_review");
    const program = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json();
    expect(program.committed.acceleratorHours).toEqual({ hopper: "40000" });
  });
});
