/**
 * Monthly statements, balances and usage from a ledger the control loop wrote, on every engine.
 * Runs on simulated clusters cross the Seoul month end (2027-01-31T15:00Z is 00:00 KST on 1
 * February); one run is lost to a node failure, credited, and retried. The expected amounts are
 * worked out here from each run's seconds x accelerators x price and the month boundary, not by
 * the metering domain; the shapes are chosen so that no entry needs rounding (h200 at 4,500 won
 * with 8 accelerators is 10 won a second, h100 at 3,600 with 5 is 5 won; co-pay 20 % of either is
 * whole), so the statements must match to the won whatever the metering cadence.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { usageLedger, workloads } from "../src/store/schema/index.js";
import { call, makeOrganization, makePerson, openHarness, type Harness } from "./support/harness.js";
import { makeAwardedProject, TEST_FLEET, type AwardedProject } from "./support/projects.js";
import { describeEachStore } from "./support/stores.js";

const SCRIPT = "#!/bin/bash\necho hello\n";
const MONTH_END = Date.parse("2027-01-31T15:00:00Z");
const at = (hms: string) => new Date(`2027-01-31T${hms}Z`);

/** A run as the scenario drives it: [start, end), accelerators, model price, credited or not. */
interface Run {
  readonly start: Date;
  readonly end: Date;
  readonly accelerators: number;
  readonly price: bigint;
  readonly operator: string;
  readonly credited: boolean;
}

const RUNS: readonly Run[] = [
  // w1: h200 x 8 on tb (op-b), 20 minutes.
  { start: at("14:50:07"), end: at("15:10:07"), accelerators: 8, price: 4500n, operator: "op-b", credited: false },
  // w2: h100 x 5 on ta (op-a), 25 minutes.
  { start: at("14:50:07"), end: at("15:15:07"), accelerators: 5, price: 3600n, operator: "op-a", credited: false },
  // w3: h100 x 5 on ta, its node fails after 7 minutes (credited), then its retry runs 25 minutes.
  { start: at("14:50:07"), end: at("14:57:07"), accelerators: 5, price: 3600n, operator: "op-a", credited: true },
  { start: at("14:57:07"), end: at("15:22:07"), accelerators: 5, price: 3600n, operator: "op-a", credited: false },
];

/** Accelerator-seconds and won of a run's part in January (Seoul) or February. */
function part(run: Run, month: "2027-01" | "2027-02"): { seconds: bigint; krw: bigint } {
  const from = month === "2027-01" ? run.start.getTime() : Math.max(run.start.getTime(), MONTH_END);
  const to = month === "2027-01" ? Math.min(run.end.getTime(), MONTH_END) : run.end.getTime();
  const seconds = BigInt(Math.max(0, to - from) / 1000) * BigInt(run.accelerators);
  const value = seconds * run.price;
  if (value % 3600n !== 0n) throw new Error("the scenario must need no rounding");
  return { seconds, krw: value / 3600n };
}

/** What the organization's statement must say, worked out by hand's rules: 20 % co-pay, VAT 10 % truncated. */
function expectedOrganization(month: "2027-01" | "2027-02") {
  let usageSeconds = 0n;
  let usageKrw = 0n;
  let creditedSeconds = 0n;
  let creditedKrw = 0n;
  for (const run of RUNS) {
    const { seconds, krw } = part(run, month);
    usageSeconds += seconds;
    usageKrw += krw;
    if (run.credited) {
      creditedSeconds += seconds;
      creditedKrw += krw;
    }
  }
  const chargedKrw = usageKrw - creditedKrw;
  const coPayKrw = (chargedKrw * 20n) / 100n;
  const vatKrw = (coPayKrw * 10n) / 100n;
  return { usageSeconds, usageKrw, creditedSeconds, creditedKrw, chargedSeconds: usageSeconds - creditedSeconds, chargedKrw, coPayKrw, governmentKrw: chargedKrw - coPayKrw, vatKrw, totalDueKrw: coPayKrw + vatKrw };
}

function expectedOperator(operator: string, month: "2027-01" | "2027-02") {
  let delivered = { seconds: 0n, krw: 0n };
  let credited = { seconds: 0n, krw: 0n };
  for (const run of RUNS.filter((r) => r.operator === operator)) {
    const p = part(run, month);
    delivered = { seconds: delivered.seconds + p.seconds, krw: delivered.krw + p.krw };
    if (run.credited) credited = { seconds: credited.seconds + p.seconds, krw: credited.krw + p.krw };
  }
  return {
    deliveredSeconds: delivered.seconds,
    deliveredKrw: delivered.krw,
    creditedSeconds: credited.seconds,
    creditedKrw: credited.krw,
    settledSeconds: delivered.seconds - credited.seconds,
    settlementKrw: delivered.krw - credited.krw,
  };
}

/** The JSON form of amounts: bigints as decimal strings. */
const asJson = (amounts: Record<string, bigint>) => Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, v.toString()]));

describeEachStore("statements, balances and usage", (kind) => {
  let h: Harness;
  let sim: SimulatedFleet;
  let loop: ControlLoop;
  let p: AwardedProject;
  let plainMember: string;
  let outsider: string;
  let auditor: string;

  beforeAll(async () => {
    h = await openHarness(kind, {}, {
      executors: (clock) => {
        sim = new SimulatedFleet(TEST_FLEET, clock);
        return sim.clusters;
      },
    });
    await h.services.fleet.import(h.system, TEST_FLEET);
    p = await makeAwardedProject(h, { code: "stmt", hopperHours: "100", maxConcurrent: 24 });
    plainMember = (await makePerson(h, { organizationId: p.organizationId, role: "member" })).token;
    const other = await makeOrganization(h);
    outsider = (await makePerson(h, { organizationId: other.id, role: "org_admin" })).token;
    auditor = (await makePerson(h, { platformRoles: ["auditor"] })).token;
    loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test", intervalMs: 10, meterIntervalSeconds: 300 });

    // The runs of RUNS, driven by the clock.
    h.clock.set(at("14:50:07"));
    const submit = async (body: Record<string, unknown>) => {
      const res = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body: { script: SCRIPT, timeLimitMinutes: 30, ...body } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json().id as string;
    };
    await submit({ name: "w1", model: "h200", acceleratorsPerNode: 8, expectedDurationSeconds: 1200 });
    await submit({ name: "w2", model: "h100-sxm", acceleratorsPerNode: 5, expectedDurationSeconds: 1500 });
    const w3 = await submit({ name: "w3", model: "h100-sxm", acceleratorsPerNode: 5, expectedDurationSeconds: 1500 });
    expect(await loop.cycle()).toMatchObject({ placed: 3, submitted: 3 });
    for (let t = at("14:51:07").getTime(); t <= at("15:30:07").getTime(); t += 60_000) {
      h.clock.set(new Date(t));
      if (t === at("14:57:07").getTime()) {
        // w3's node fails and comes back at once: the run ends node_fail, the retry may use the node again.
        const [row] = await h.store.db.select().from(workloads).where(eq(workloads.id, w3));
        const node = (row!.nodes as string[])[0]!;
        sim.executor("ta").fail(node);
        sim.executor("ta").recover(node);
      }
      await loop.cycle();
    }
  });
  afterAll(async () => {
    await loop?.stop();
    await h?.close();
  });

  it("runs the scenario: every workload ended, w3 retried once after its credit", async () => {
    const rows = await h.store.db.select().from(workloads);
    expect(rows.map((r) => [r.name, r.state, r.attempt]).sort()).toEqual([
      ["w1", "succeeded", 1],
      ["w2", "succeeded", 1],
      ["w3", "succeeded", 2],
    ]);
    const ledger = await h.store.db.select().from(usageLedger);
    expect(ledger.filter((e) => e.kind === "credit").length).toBeGreaterThan(0);
  });

  describe("the organization's statement", () => {
    it("is exact to the won in January and in February, with VAT truncated and co-pay at the program's 20 %", async () => {
      const allocation = await h.services.allocations.get(h.system, p.allocationId);
      expect((allocation.allocation as { coPayBp: number }).coPayBp).toBe(2000);
      for (const month of ["2027-01", "2027-02"] as const) {
        const res = await call(h, "GET", `/api/v1/organizations/${p.organizationId}/statements/${month}`, { token: p.member.token });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        const expected = expectedOrganization(month);
        expect(body.totals, month).toEqual(asJson(expected));
        expect(body).toMatchObject({ organizationId: p.organizationId, month, businessRegistrationNumber: expect.stringMatching(/^\d{3}-\d{2}-\d{5}$/) });
        expect(body.organizationName).toMatch(/^테스트기관/);
        // One project and program; a line per model.
        expect(body.lines.map((l: { model: string }) => l.model)).toEqual(["h100-sxm", "h200"]);
      }
      // The numbers, spelt out once: 9,760 won charged in January, co-pay 1,952, VAT 195.2 -> 195.
      expect(expectedOrganization("2027-01")).toMatchObject({ chargedKrw: 9760n, coPayKrw: 1952n, vatKrw: 195n, totalDueKrw: 2147n, creditedKrw: 2100n });
      expect(expectedOrganization("2027-02")).toMatchObject({ chargedKrw: 17240n, coPayKrw: 3448n, vatKrw: 344n, totalDueKrw: 3792n });
    });

    it("is readable by a plain member of the organization and by an auditor, and invisible to another organization", async () => {
      const url = `/api/v1/organizations/${p.organizationId}/statements/2027-01`;
      expect((await call(h, "GET", url, { token: plainMember })).statusCode).toBe(200);
      expect((await call(h, "GET", url, { token: auditor })).statusCode).toBe(200);
      const foreign = await call(h, "GET", url, { token: outsider });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe("NOT_FOUND");
    });

    it("comes as CSV with a BOM and Korean and English headers, by ?format=csv or by Accept", async () => {
      const url = `/api/v1/organizations/${p.organizationId}/statements/2027-01`;
      const byQuery = await call(h, "GET", `${url}?format=csv`, { token: p.member.token });
      const byAccept = await call(h, "GET", url, { token: p.member.token, headers: { accept: "text/csv" } });
      for (const res of [byQuery, byAccept]) {
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
        expect(res.body.startsWith("\uFEFF")).toBe(true);
        const [header, ...rows] = res.body.slice(1).trim().split("\r\n");
        expect(header).toContain("정산 월 / Month");
        expect(header).toContain("부가세(원) / VAT (KRW)");
        const total = rows.at(-1)!.split(",");
        const e = expectedOrganization("2027-01");
        expect(total.slice(-5)).toEqual([e.chargedKrw, e.governmentKrw, e.coPayKrw, e.vatKrw, e.totalDueKrw].map(String));
      }
      // JSON stays the default for API clients and browsers.
      expect((await call(h, "GET", url, { token: p.member.token, headers: { accept: "application/json, text/csv" } })).headers["content-type"]).toContain("application/json");
    });

    it("refuses a month that is not YYYY-MM with 400 naming month", async () => {
      for (const month of ["2027-13", "2027-1", "january"]) {
        const res = await call(h, "GET", `/api/v1/organizations/${p.organizationId}/statements/${month}`, { token: p.member.token });
        expect(res.statusCode, month).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["path.month"]);
      }
      const direct = await h.services.statements.organizationStatement(h.system, p.organizationId, "2027-00").catch((e: unknown) => e);
      expect(direct).toMatchObject({ code: "VALIDATION_FAILED", violations: [expect.objectContaining({ field: "month" })] });
    });
  });

  describe("the operator's statement", () => {
    it("settles each operator for what its clusters delivered, less the credited node failure", async () => {
      for (const operator of ["op-a", "op-b"]) {
        for (const month of ["2027-01", "2027-02"] as const) {
          const res = await call(h, "GET", `/api/v1/operators/${operator}/statements/${month}`, { token: auditor });
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json().totals, `${operator} ${month}`).toEqual(asJson(expectedOperator(operator, month)));
        }
      }
      expect(expectedOperator("op-a", "2027-01")).toMatchObject({ deliveredKrw: 5930n, creditedKrw: 2100n, settlementKrw: 3830n });
      const csv = await call(h, "GET", `/api/v1/operators/op-a/statements/2027-01?format=csv`, { token: auditor });
      expect(csv.body.startsWith("\uFEFF")).toBe(true);
      expect(csv.body).toContain("정산 금액(원) / Settlement (KRW)");
    });

    it("is for platform administrators and auditors only, and names an unknown operator", async () => {
      expect((await call(h, "GET", `/api/v1/operators/op-a/statements/2027-01`, { token: p.member.token })).statusCode).toBe(403);
      expect((await call(h, "GET", `/api/v1/operators/nobody/statements/2027-01`, { token: auditor })).statusCode).toBe(404);
      const bad = await call(h, "GET", `/api/v1/operators/op-a/statements/27-01`, { token: auditor });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(["path.month"]);
    });
  });

  describe("the balance and the usage list", () => {
    it("shows granted, used, reserved and unreserved seconds, and the won charged, matching the runs", async () => {
      const res = await call(h, "GET", `/api/v1/allocations/${p.allocationId}/balance`, { token: plainMember });
      expect(res.statusCode, res.body).toBe(200);
      const jan = expectedOrganization("2027-01");
      const feb = expectedOrganization("2027-02");
      const used = jan.chargedSeconds + feb.chargedSeconds;
      const charged = jan.chargedKrw + feb.chargedKrw;
      expect(res.json().classes).toEqual([
        {
          acceleratorClass: "hopper",
          grantedSeconds: "360000",
          usedSeconds: String(used),
          reservedSeconds: "0",
          unreservedSeconds: String(360000n - used),
          grantedHours: "100.00",
          usedHours: "6.83",
          reservedHours: "0.00",
          unreservedHours: "93.17",
          chargedKrw: String(charged),
          coPayKrw: String(jan.coPayKrw + feb.coPayKrw),
          governmentKrw: String(jan.governmentKrw + feb.governmentKrw),
        },
      ]);
      expect(used).toBe(24600n);
      expect((await call(h, "GET", `/api/v1/allocations/${p.allocationId}/balance`, { token: outsider })).statusCode).toBe(404);
    });

    it("lists the ledger page by page, by allocation or project, within a window", async () => {
      const all = await h.store.db.select().from(usageLedger);
      const pages: { id: string; kind: string; startedAt: string; acceleratorSeconds: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(h, "GET", `/api/v1/usage?allocationId=${p.allocationId}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: auditor });
        expect(res.statusCode, res.body).toBe(200);
        pages.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor !== null);
      expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id).sort());
      const february = await call(h, "GET", `/api/v1/usage?projectId=${p.projectId}&from=2027-01-31T15:00:00Z&limit=200`, { token: p.member.token });
      const febItems = february.json().items as { kind: string; acceleratorSeconds: string; startedAt: string }[];
      expect(febItems.every((e) => e.startedAt >= "2027-01-31T15:00:00.000Z")).toBe(true);
      expect(febItems.reduce((s, e) => s + BigInt(e.acceleratorSeconds), 0n)).toBe(expectedOrganization("2027-02").usageSeconds);
      expect((await call(h, "GET", `/api/v1/usage?allocationId=${p.allocationId}`, { token: outsider })).statusCode).toBe(404);
      const neither = await call(h, "GET", `/api/v1/usage`, { token: auditor });
      expect(neither.statusCode).toBe(400);
      expect(neither.json().errors[0].field).toBe("query.allocationId");
    });
  });
});
