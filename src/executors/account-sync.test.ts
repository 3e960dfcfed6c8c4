import { describe, expect, it } from "vitest";
import { HighwayError } from "../domain/errors.js";
import { localizeError } from "../domain/localized-error.js";
import { thrownHighwayError } from "../domain/thrown-error.js";
import { checkAccountSpecs, formatLimits, planAccountSync, type ClusterAccount } from "./account-sync.js";
import type { AccountSpec } from "./cluster-executor.js";

const spec = (name: string, users: string[], gpuMinutes: Record<string, number>): AccountSpec => ({ name, description: `project ${name}`, users, gpuMinutes });
const have = (name: string, parent: string | null, users: string[], gpuMinutes: Record<string, number>): ClusterAccount => ({ name, parent, users, gpuMinutes });
const root = have("root", null, ["root"], {});
const highway = have("highway", "root", [], {});

function violations(fn: () => unknown): { field: string; rule: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HighwayError);
    expect((e as HighwayError).code).toBe("VALIDATION_FAILED");
    return (e as HighwayError).violations.map((v) => ({ field: v.field, rule: v.rule }));
  }
  throw new Error("no error");
}

describe("planAccountSync", () => {
  it("creates the parent, the accounts and their members on an empty cluster", () => {
    const plan = planAccountSync("highway", [root], [spec("p1", ["u2", "u1"], { h100: 600 })]);
    expect(plan).toEqual({
      createParent: true,
      create: [spec("p1", ["u2", "u1"], { h100: 600 })],
      setLimits: [],
      addUsers: [
        { account: "p1", user: "u1" },
        { account: "p1", user: "u2" },
      ],
      removeUsers: [],
      notDesired: [],
    });
  });

  it("sets drifted or changed limits, adds and removes members, and leaves accounts it was not given", () => {
    const current = [root, highway, have("p1", "highway", ["u1", "u2"], { h200: 300, h100: 5 }), have("p2", "highway", ["u3"], { h100: 0 }), have("old", "highway", ["u4"], {})];
    const plan = planAccountSync("highway", current, [spec("p1", ["u1", "u3"], { h100: 600, h200: 300 }), spec("p2", ["u3"], { h100: 0 })]);
    expect(plan).toEqual({
      createParent: false,
      create: [],
      setLimits: [{ account: "p1", before: { h100: 5, h200: 300 }, after: { h100: 600, h200: 300 } }],
      addUsers: [{ account: "p1", user: "u3" }],
      removeUsers: [{ account: "p1", user: "u2" }],
      notDesired: ["old"],
    });
  });

  it("plans nothing when the cluster matches", () => {
    const plan = planAccountSync("highway", [root, highway, have("p1", "highway", ["u1"], { h100: 600 })], [spec("p1", ["u1"], { h100: 600 })]);
    expect(plan).toMatchObject({ createParent: false, create: [], setLimits: [], addUsers: [], removeUsers: [] });
  });

  it("refuses an account that lives outside the parent", () => {
    expect(violations(() => planAccountSync("highway", [root, have("hwdev", "root", [], {})], [spec("ok", [], {}), spec("hwdev", [], {})]))).toEqual([
      { field: "accounts.1.name", rule: "slurm_account_outside_parent" },
    ]);
  });

  it("says in Korean where the refused account lives, with the particle its name takes", () => {
    const error = thrownHighwayError(() => planAccountSync("highway", [root, have("hwdev", "root", [], {})], [spec("hwdev", [], {})]));
    expect(localizeError(error, "ko").detail).toBe("accounts.0.name: 계정 hwdev가 highway 아래가 아니라 root 아래에 있습니다");
    expect(localizeError(error, "en").detail).toBe("accounts.0.name: account hwdev exists under root, not highway");
  });
});

describe("checkAccountSpecs", () => {
  it("names every bad field with its rule", () => {
    const bad = [
      { name: "Big", description: "", users: ["root", "ok", "ok", "no way"], gpuMinutes: { h100: -1, "h 1": 5, h200: 1.5 } },
      spec("highway", [], {}),
      spec("p", [], {}),
      spec("p", [], {}),
    ];
    expect(violations(() => checkAccountSpecs(bad, "highway"))).toEqual([
      { field: "accounts.0.name", rule: "slurm_account_name" },
      { field: "accounts.0.description", rule: "slurm_account_description" },
      { field: "accounts.0.users.0", rule: "slurm_user_name" },
      { field: "accounts.0.users.2", rule: "slurm_user_duplicate" },
      { field: "accounts.0.users.3", rule: "slurm_user_name" },
      { field: "accounts.0.gpuMinutes.h100", rule: "slurm_gpu_minutes" },
      { field: "accounts.0.gpuMinutes.h 1", rule: "slurm_gres_type" },
      { field: "accounts.0.gpuMinutes.h200", rule: "slurm_gpu_minutes" },
      { field: "accounts.1.name", rule: "slurm_account_reserved" },
      { field: "accounts.3.name", rule: "slurm_account_duplicate" },
    ]);
  });
});

describe("formatLimits", () => {
  it("writes GrpTRESMins in type order", () => {
    expect(formatLimits({ h200: 3, h100: 600 })).toBe("gres/gpu:h100=600,gres/gpu:h200=3");
    expect(formatLimits({})).toBe("(none)");
  });
});
