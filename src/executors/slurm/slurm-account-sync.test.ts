import { describe, expect, it } from "vitest";
import type { AccountSpec } from "../cluster-executor.js";
import type { SacctmgrRunner } from "./account-admin.js";
import { SlurmError } from "./slurm-error.js";
import { SlurmExecutor } from "./slurm-executor.js";
import type { HttpCall, SlurmTransport } from "./slurmrestd-client.js";

interface Assoc {
  account: string;
  user: string | null;
  parent: string | null;
  minutes: Record<string, number>;
}

/** slurmdbd behind dbv0.0.38, as 22.05.8 answers: an empty search is an error, account limits do not change by POST. */
class FakeSlurmdbd implements SlurmTransport {
  assocs: Assoc[] = [
    { account: "root", user: null, parent: null, minutes: {} },
    { account: "root", user: "root", parent: null, minutes: {} },
  ];
  users = new Set(["root"]);
  readonly calls: HttpCall[] = [];

  async send(call: HttpCall): Promise<unknown> {
    this.calls.push(call);
    const ok = { errors: [] };
    const body = call.body as Record<string, Record<string, unknown>[]> | undefined;
    if (call.method === "GET" && call.path === "/slurmdb/v0.0.38/associations") {
      expect(call.query).toEqual({ cluster: "c1" });
      return {
        ...ok,
        associations: this.assocs.map((a) => ({
          account: a.account,
          cluster: "c1",
          user: a.user,
          parent_account: a.parent,
          max: { tres: { group: { minutes: Object.entries(a.minutes).map(([t, count]) => ({ type: "gres", name: `gpu:${t}`, id: 1, count })), active: [] } } },
        })),
      };
    }
    if (call.method === "GET" && call.path === "/slurmdb/v0.0.38/users") return { ...ok, users: [...this.users].map((name) => ({ name })) };
    if (call.method === "POST" && call.path === "/slurmdb/v0.0.38/accounts") return ok;
    if (call.method === "POST" && call.path === "/slurmdb/v0.0.38/users") {
      for (const u of body!.users!) this.users.add(u.name as string);
      return ok;
    }
    if (call.method === "POST" && call.path === "/slurmdb/v0.0.38/associations") {
      for (const a of body!.associations!) {
        const exists = this.assocs.some((x) => x.account === a.account && x.user === a.user);
        if (exists) continue;
        const list = ((a.max as { tres: { group: { minutes: { name: string; count: number }[] } } } | undefined)?.tres.group.minutes ?? []) as { name: string; count: number }[];
        this.assocs.push({ account: a.account as string, user: a.user as string | null, parent: (a.parent_account as string | undefined) ?? null, minutes: Object.fromEntries(list.map((t) => [t.name.replace("gpu:", ""), t.count])) });
      }
      return ok;
    }
    if (call.method === "DELETE" && call.path === "/slurmdb/v0.0.38/association") {
      this.assocs = this.assocs.filter((x) => !(x.account === call.query?.account && x.user === call.query?.user));
      return ok;
    }
    throw new SlurmError({ failure: "refused", operation: `${call.method} ${call.path}`, httpStatus: 404 });
  }

  account(name: string): Assoc | undefined {
    return this.assocs.find((a) => a.account === name && a.user === null);
  }
}

/** sacctmgr that applies `modify account ... set GrpTRESMins=...` to the fake, or pretends to. */
function fakeSacctmgr(dbd: FakeSlurmdbd, seen: string[][], options: { apply: boolean } = { apply: true }): SacctmgrRunner {
  return async (args) => {
    seen.push([...args]);
    const name = args.find((a) => a.startsWith("name="))!.slice(5);
    const tres = args.find((a) => a.startsWith("GrpTRESMins="))!.slice("GrpTRESMins=".length);
    const acct = dbd.account(name)!;
    if (options.apply) {
      for (const entry of tres.split(",")) {
        const [, type, value] = /^gres\/gpu:(.+)=(-?\d+)$/.exec(entry)!;
        if (value === "-1") delete acct.minutes[type!];
        else acct.minutes[type!] = Number(value);
      }
    }
    return { code: 0, stdout: ` Modified account associations...\n  C = c1 A = ${name} of highway\n`, stderr: "" };
  };
}

const p1: AccountSpec = { name: "p1", description: "Project one", users: ["u1", "u2"], gpuMinutes: { h100: 600, h200: 300 } };

function setup(sacctmgr?: "apply" | "ignore"): { dbd: FakeSlurmdbd; executor: SlurmExecutor; sacctmgrCalls: string[][] } {
  const dbd = new FakeSlurmdbd();
  const sacctmgrCalls: string[][] = [];
  const executor = new SlurmExecutor({
    clusterId: "c1",
    transport: dbd,
    serviceUser: "root",
    ...(sacctmgr ? { sacctmgr: fakeSacctmgr(dbd, sacctmgrCalls, { apply: sacctmgr === "apply" }) } : {}),
  });
  return { dbd, executor, sacctmgrCalls };
}

describe("SlurmExecutor.syncAccounts", () => {
  it("creates the parent under root, the account under the parent with its limits, the users and their associations", async () => {
    const { dbd, executor } = setup();
    const report = await executor.syncAccounts([p1]);
    expect(report).toEqual({
      created: ["p1"],
      updated: [],
      usersAdded: [
        { account: "p1", user: "u1" },
        { account: "p1", user: "u2" },
      ],
      usersRemoved: [],
      notDesired: [],
      repairs: [
        "created parent account highway under root",
        "created account p1 under highway with GrpTRESMins gres/gpu:h100=600,gres/gpu:h200=300",
        "created Slurm users u1, u2",
        "added u1 to p1",
        "added u2 to p1",
      ],
    });
    const accountAssoc = dbd.calls.find((c) => c.method === "POST" && JSON.stringify(c.body).includes('"parent_account":"highway"'));
    // An account's own association has user null ("" would make 22.05 add a broken one).
    expect(accountAssoc?.body).toEqual({
      associations: [{ account: "p1", cluster: "c1", parent_account: "highway", user: null, max: { tres: { group: { minutes: [{ type: "gres", name: "gpu:h100", count: 600 }, { type: "gres", name: "gpu:h200", count: 300 }] } } } }],
    });
    expect(dbd.account("p1")).toMatchObject({ parent: "highway", minutes: { h100: 600, h200: 300 } });
    // A second sync reads and changes nothing.
    const writes = dbd.calls.filter((c) => c.method !== "GET").length;
    expect((await executor.syncAccounts([p1])).repairs).toEqual([]);
    expect(dbd.calls.filter((c) => c.method !== "GET").length).toBe(writes);
  });

  it("repairs drifted limits through sacctmgr (clearing a type no longer wanted) and removes a former member", async () => {
    const { dbd, executor, sacctmgrCalls } = setup("apply");
    await executor.syncAccounts([p1]);
    dbd.account("p1")!.minutes = { h100: 5, h200: 300 };
    const report = await executor.syncAccounts([{ ...p1, users: ["u1"], gpuMinutes: { h100: 600 } }]);
    expect(report.updated).toEqual([{ account: "p1", before: { h100: 5, h200: 300 }, after: { h100: 600 } }]);
    expect(report.usersRemoved).toEqual([{ account: "p1", user: "u2" }]);
    expect(sacctmgrCalls).toEqual([["-i", "modify", "account", "where", "name=p1", "cluster=c1", "set", "GrpTRESMins=gres/gpu:h100=600,gres/gpu:h200=-1"]]);
    expect(dbd.account("p1")!.minutes).toEqual({ h100: 600 });
    expect(dbd.assocs.filter((a) => a.account === "p1" && a.user !== null).map((a) => a.user)).toEqual(["u1"]);
  });

  it("refuses before changing anything when limits drifted and there is no sacctmgr", async () => {
    const { dbd, executor } = setup();
    await executor.syncAccounts([p1]);
    dbd.account("p1")!.minutes = { h100: 5 };
    const writes = dbd.calls.filter((c) => c.method !== "GET").length;
    await expect(executor.syncAccounts([{ ...p1, users: ["u1", "u9"] }])).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      violations: [{ field: "sacctmgr", rule: "slurm_account_limits_need_sacctmgr" }],
    });
    expect(dbd.calls.filter((c) => c.method !== "GET").length).toBe(writes);
  });

  it("says so when Slurm accepted a change it does not show", async () => {
    const { dbd, executor } = setup("ignore");
    await executor.syncAccounts([p1]);
    dbd.account("p1")!.minutes = { h100: 5 };
    await expect(executor.syncAccounts([p1])).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", violations: [{ field: "accounts", rule: "slurm_account_sync_not_applied" }] });
  });

  it("never touches an account outside the parent, and needs accounting", async () => {
    const { dbd, executor } = setup("apply");
    dbd.assocs.push({ account: "other", user: null, parent: "root", minutes: { h100: 1 } });
    await expect(executor.syncAccounts([{ ...p1, name: "other" }])).rejects.toMatchObject({ code: "VALIDATION_FAILED", violations: [{ field: "accounts.0.name", rule: "slurm_account_outside_parent" }] });
    expect(dbd.calls.every((c) => c.method === "GET")).toBe(true);
    const blind = new SlurmExecutor({ clusterId: "c1", transport: dbd, serviceUser: "root", accounting: false });
    await expect(blind.syncAccounts([p1])).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", violations: [{ field: "accounting", rule: "slurm_accounting_off" }] });
  });
});
