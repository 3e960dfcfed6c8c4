/**
 * The program budget is never over-committed, even when decisions race: ten acceptances that
 * would each take a fifth of the budget, fired at once, leave exactly five awards, and the
 * program's commitment equals the sum of its allocations. On PostgreSQL the decisions run on
 * separate connections and serialize on the program's row lock.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { allocationCommitment, type Allocation } from "../src/domain/programs/index.js";
import { fromStored } from "../src/store/json-codec.js";
import { allocations } from "../src/store/schema/index.js";
import { describeEachStore } from "./support/stores.js";
import { call, makeOpenRound, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";

describeEachStore("budget under concurrent decisions", (kind) => {
  let h: Harness;
  let pm: string;
  let programId: string;
  const applicationIds: string[] = [];

  beforeAll(async () => {
    h = await openHarness(kind);
    const manager = await makePerson(h, { platformRoles: ["program_manager"] });
    pm = manager.token;
    const actor = await h.services.tokens.authenticate(pm);
    const opened = await makeOpenRound(h, actor, { code: "race", krw: "100000000000" });
    programId = opened.programId;
    const round = { value: { id: opened.roundId } };
    const reviewer = await makePerson(h, { platformRoles: ["reviewer"] });
    const reviewerActor = await h.services.tokens.authenticate(reviewer.token);
    for (let i = 0; i < 10; i++) {
      const org = await makeOrganization(h, { region: i % 2 === 0 ? "KR-29" : "KR-11" });
      const member = await makePerson(h, { organizationId: org.id, role: "org_admin" });
      const memberActor = await h.services.tokens.authenticate(member.token);
      const app = await h.services.applications.create(memberActor, round.value.id, {
        organizationId: org.id,
        application: { title: `경합 ${i}`, team: [{ email: member.person.email, role: "pi" }], request: { grants: [{ acceleratorClass: "hopper", acceleratorHours: "20000", maxConcurrent: 16 }], startsAt: "2026-12-01T00:00", endsAt: "2027-06-01T00:00" } },
      });
      await h.services.applications.submit(memberActor, app.value.id);
      const review = await h.services.applications.assignReviewer(actor, app.value.id, { reviewerId: reviewer.person.id });
      await h.services.applications.submitReview(reviewerActor, review.value.id, { scores: { impact: 7 } });
      applicationIds.push(app.value.id);
    }
  });
  afterAll(() => h.close());

  it("accepts exactly as many as the budget covers and refuses the rest", async () => {
    const responses = await Promise.all(applicationIds.map((id) => call(h, "POST", `/api/v1/applications/${id}/decision`, { token: pm, body: { outcome: "accept" } })));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    for (const r of responses.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().code).toBe("PROGRAM_BUDGET_EXCEEDED");
    }
    const program = (await call(h, "GET", `/api/v1/programs/${programId}`, { token: pm })).json();
    expect(program.committed.acceleratorHours).toEqual({ hopper: "100000" });
    const rows = await h.store.db.select().from(allocations);
    const sum = rows.map((r) => allocationCommitment(fromStored<Allocation>(r.data)));
    expect(sum.reduce((a, c) => a + c.krw, 0n)).toBe(BigInt(program.committed.krw));
    expect(sum.reduce((a, c) => a + (c.acceleratorHours.hopper ?? 0n), 0n)).toBe(100000n);
  });
});
