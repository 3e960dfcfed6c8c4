import { describe, expect, it } from "vitest";
import { lifecycleReasonText, type LifecycleClause } from "../../domain/workloads/index.js";
import { waitingReasonText, type WaitClause } from "../../scheduler/index.js";
import { withNames, type ReasonNames } from "./reason-names.js";

const names: ReasonNames = {
  projects: new Map([["p-own", "흉부 X선 판독 모델"], ["p-other", "a title nobody else may read"]]),
  programs: new Map([["prog-1", { ko: "AX-스프린트 300", en: "AX-Sprint 300" }]]),
  workloads: new Map([
    ["w-mine", { name: "pretrain-7b", organizationId: "org-own" }],
    ["w-9", { name: "someone-elses-run", organizationId: "org-other" }],
  ]),
};
const own = { projectId: "p-own", organizationId: "org-own" };

describe("withNames", () => {
  it("names the workload's own project by its title and its program in each language", () => {
    const lending: WaitClause = { key: "cohort-lending", params: { project: "p-own", acceleratorClass: "hopper", borrow: 4, nominal: 8, cohort: "prog-1", idle: 0 } };
    expect(waitingReasonText(withNames([lending], names, own, "en"), "en")).toBe(
      "project 흉부 X선 판독 모델 would borrow 4 hopper beyond its nominal 8, but cohort AX-Sprint 300 and the root have only 0 idle to lend",
    );
    const ko = waitingReasonText(withNames([lending], names, own, "ko"), "ko");
    expect(ko).toContain("흉부 X선 판독 모델");
    expect(ko).toContain("AX-스프린트 300");
    expect(ko).not.toMatch(/p-own|prog-1/);
    // The clauses themselves are left as they are.
    expect(lending.params.project).toBe("p-own");
  });

  it("leaves another tenant's project an id, and values it has no name for as they are", () => {
    const reclaim: LifecycleClause = { key: "preempting-reclaim", params: { project: "p-own", acceleratorClass: "hopper", nominal: 16, for: "w-9", forQueue: "p-other" } };
    const en = lifecycleReasonText(withNames([reclaim], names, own, "en"), "en");
    expect(en).toContain("project 흉부 X선 판독 모델 borrows hopper");
    expect(en).toContain("reclaimed for w-9 of p-other");
    expect(en).not.toContain("a title nobody else may read");
    expect(en).not.toContain("someone-elses-run");
    const unnamed: WaitClause = { key: "quota-none", params: { project: "p-unknown", acceleratorClass: "hopper" } };
    expect(withNames([unnamed], names, { projectId: "p-unknown", organizationId: "org-own" }, "en")).toEqual([unnamed]);
  });

  it("names a workload of the same organization a reason points at, in either language", () => {
    const behind: WaitClause = { key: "fifo-order", params: { workload: "w-mine" } };
    expect(waitingReasonText(withNames([behind], names, own, "en"), "en")).toContain("waits behind pretrain-7b");
    expect(waitingReasonText(withNames([behind], names, own, "ko"), "ko")).toContain("pretrain-7b");
    const elsewhere: WaitClause = { key: "fifo-order", params: { workload: "w-9" } };
    expect(withNames([elsewhere], names, own, "ko")).toEqual([elsewhere]);
  });
});
