/**
 * The fleet registry through HTTP, on every engine: the national fleet's import and capacity
 * summary, idempotent re-import, updates and retirement, refusal of bad files with the field
 * named and nothing written, and who may import and read. Then `highway fleet` in direct mode.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetFile } from "../src/domain/fleet.js";
import type { FleetImportResult, FleetSummary } from "../src/services/fleet/fleet-registry.js";
import type { StoreKind } from "../src/store/store.js";
import { call, makePerson, openHarness, rowCounts, type Harness } from "./support/harness.js";
import { describeEachStore } from "./support/stores.js";

const ROOT = join(import.meta.dirname, "..");
const NATIONAL_PATH = join(ROOT, "fixtures", "fleet", "national-260k.json");
const NATIONAL = JSON.parse(readFileSync(NATIONAL_PATH, "utf8")) as FleetFile;
const FLEET_TABLES = ["accelerator_models", "fleet_operators", "fleet_sites", "fleet_clusters", "fleet_node_pools"];

/** A deep copy of the national fleet to modify. */
const national = (): FleetFile => structuredClone(NATIONAL);

/** The fleet tests use the common harness. */
function openFleetHarness(kind: StoreKind): Promise<Harness> {
  return openHarness(kind);
}

async function fleetCounts(h: Harness): Promise<Record<string, number>> {
  const all = await rowCounts(h.store);
  return Object.fromEntries(FLEET_TABLES.map((t) => [t, all[t]!]));
}

async function listAll<T>(h: Harness, token: string, what: string, extra = ""): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(h, "GET", `/api/v1/fleet/${what}?limit=4${extra}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

describeEachStore("fleet registry", (kind) => {
  let h: Harness;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    h = await openFleetHarness(kind);
    admin = (await makePerson(h, { platformRoles: ["platform_admin"] })).token;
    reader = (await makePerson(h, { platformRoles: [] })).token;
  });
  afterAll(() => h.close());

  it("refuses an import by anyone but a platform administrator, writing nothing", async () => {
    const before = await rowCounts(h.store);
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: reader, body: NATIONAL });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("FORBIDDEN");
    expect((await call(h, "POST", "/api/v1/fleet/import", { body: NATIONAL })).statusCode).toBe(401);
    expect(await rowCounts(h.store)).toEqual(before);
  });

  it("documents the fleet routes in the OpenAPI document", async () => {
    const doc = (await call(h, "GET", "/api/v1/openapi.json")).json() as { paths: Record<string, unknown> };
    for (const path of ["/api/v1/fleet/import", "/api/v1/fleet/summary", "/api/v1/fleet/pools", "/api/v1/fleet/models"]) expect(Object.keys(doc.paths)).toContain(path);
  });

  it("imports the national fleet: 260,000 GPUs and 2,048 NPUs on 51,071 nodes", async () => {
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: NATIONAL });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as FleetImportResult;
    expect(result.totals).toEqual({ gpus: 260_000, npus: 2_048, nodes: 51_071 });
    expect(result.models).toEqual({ created: 6, updated: 0, unchanged: 0, retired: 0 });
    expect(result.operators.created).toBe(5);
    expect(result.sites.created).toBe(10);
    expect(result.clusters.created).toBe(14);

    const summary = (await call(h, "GET", "/api/v1/fleet/summary?month=2026-11", { token: reader })).json() as FleetSummary;
    expect(summary.totals).toEqual({ nodes: 51_071, gpus: 260_000, npus: 2_048, accelerators: 262_048, acceleratorHoursPerMonth: 262_048 * 720 });
    expect(summary.hoursInMonth).toBe(720);
    expect(Object.fromEntries(summary.byOperator.map((r) => [r.key, r.gpus]))).toEqual({
      government: 50_000,
      hyundai: 50_000,
      naver: 60_000,
      samsung: 50_000,
      sk: 50_000,
    });
    expect(summary.byClass.find((r) => r.key === "npu")).toMatchObject({ gpus: 0, npus: 2_048 });
    expect(summary.byModel.find((r) => r.key === "gb200")).toMatchObject({ acceleratorClass: "blackwell", kind: "gpu" });
    expect(summary.byRegion.reduce((n, r) => n + r.accelerators, 0)).toBe(262_048);
    expect(summary).toMatchObject({ operators: 5, sites: 10, clusters: 14, models: 6 });
    expect(summary.classes.map((c) => [c.key, c.referencePriceKrwPerHour])).toEqual([
      ["blackwell", 8000],
      ["hopper", 4500],
      ["npu", 1200],
    ]);
    // The default month is the current one in Asia/Seoul (the clock reads 2026-11-29 10:00 KST).
    const thisMonth = (await call(h, "GET", "/api/v1/fleet/summary", { token: reader })).json() as FleetSummary;
    expect(thisMonth.month).toBe("2026-11");
    const bad = await call(h, "GET", "/api/v1/fleet/summary?month=2026-13", { token: reader });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("query.month");
  });

  it("lists operators, sites, clusters, pools and models page by page", async () => {
    const models = await listAll<{ key: string; acceleratorClass: string; refPriceKrwPerHour: number }>(h, reader, "models");
    expect(Object.fromEntries(models.map((m) => [m.key, m.acceleratorClass]))).toEqual({
      "h100-sxm": "hopper",
      "h200-sxm": "hopper",
      b200: "blackwell",
      gb200: "blackwell",
      "furiosa-rngd": "npu",
      "rebellions-atom-max": "npu",
    });
    expect(models.find((m) => m.key === "gb200")!.refPriceKrwPerHour).toBe(8000);
    expect((await listAll<{ key: string }>(h, reader, "operators")).map((o) => o.key).sort()).toEqual(["government", "hyundai", "naver", "samsung", "sk"]);
    const sites = await listAll<{ key: string; operator: string; region: string }>(h, reader, "sites");
    expect(sites).toHaveLength(10);
    expect(sites.find((s) => s.key === "nacc-gwangju")).toMatchObject({ operator: "government", region: "KR-29" });
    const clusters = await listAll<{ key: string; site: string }>(h, reader, "clusters");
    expect(clusters).toHaveLength(14);
    const pools = await listAll<{ cluster: string; accelerators: number; nodes: number }>(h, reader, "pools");
    expect(pools.reduce((n, p) => n + p.nodes, 0)).toBe(51_071);
    expect(pools.reduce((n, p) => n + p.accelerators, 0)).toBe(262_048);
    expect(pools.find((p) => p.cluster === "nacc-gwangju-a")).toMatchObject({ nodes: 5184, acceleratorsPerNode: 4, nvlinkDomainNodes: 18, nodesPerRack: 18, racksPerPod: 8 });
    expect((await call(h, "GET", "/api/v1/fleet/pools?cursor=bogus", { token: reader })).json().code).toBe("INVALID_CURSOR");
  });

  it("re-imports the same file without changing a row, and audits each import", async () => {
    const idsBefore = await listAll<{ id: string; updatedAt: string }>(h, reader, "pools");
    const countsBefore = await fleetCounts(h);
    const auditBefore = (await rowCounts(h.store)).audit_events!;
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: NATIONAL });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as FleetImportResult;
    for (const k of ["models", "operators", "sites", "clusters", "pools"] as const) {
      expect(result[k].created + result[k].updated + result[k].retired, k).toBe(0);
    }
    expect(await fleetCounts(h)).toEqual(countsBefore);
    expect(await listAll<{ id: string; updatedAt: string }>(h, reader, "pools")).toEqual(idsBefore);
    expect((await rowCounts(h.store)).audit_events).toBe(auditBefore + 1);
    const verified = await h.services.audit.verify(h.system);
    expect(verified.ok).toBe(true);
  });

  it("updates what a changed file changes and retires what it drops, keeping ids; naming it again revives it", async () => {
    const poolsBefore = await listAll<{ id: string; cluster: string; position: number; nodes: number }>(h, reader, "pools");
    const changed = national();
    const kisti = changed.sites.find((s) => s.id === "kisti-daejeon")!;
    const dropped = kisti.clusters.pop()!;
    const firstPool = changed.sites[0]!.clusters[0]!.pools[0]!;
    firstPool.nodes -= 18;
    changed.acceleratorModels["b200"]!.refPriceKrwPerHour = 6000;
    delete changed.totals;
    h.clock.advance(60_000);
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: changed });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as FleetImportResult;
    expect(result.models).toEqual({ created: 0, updated: 1, unchanged: 5, retired: 0 });
    expect(result.clusters).toMatchObject({ retired: 1, created: 0 });
    expect(result.pools).toMatchObject({ updated: 1, retired: dropped.pools.length, created: 0 });

    const droppedAccelerators = dropped.pools.reduce((n, p) => n + p.nodes * p.acceleratorsPerNode, 0);
    const summary = (await call(h, "GET", "/api/v1/fleet/summary?month=2026-11", { token: reader })).json() as FleetSummary;
    expect(summary.totals.accelerators).toBe(262_048 - 18 * 4 - droppedAccelerators);
    expect(summary.clusters).toBe(13);
    const active = await listAll<{ id: string; cluster: string; nodes: number }>(h, reader, "pools");
    expect(active.map((p) => p.cluster)).not.toContain(dropped.id);
    expect(active.find((p) => p.cluster === "nacc-gwangju-a")!.nodes).toBe(5184 - 18);
    const withRetired = await listAll<{ id: string; retiredAt: string | null }>(h, reader, "pools", "&includeRetired=true");
    expect(withRetired.map((p) => p.id)).toEqual(poolsBefore.map((p) => p.id));
    expect(withRetired.filter((p) => p.retiredAt !== null)).toHaveLength(dropped.pools.length);
    expect((await listAll<{ key: string; refPriceKrwPerHour: number }>(h, reader, "models")).find((m) => m.key === "b200")!.refPriceKrwPerHour).toBe(6000);

    const back = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: NATIONAL });
    expect(back.json().clusters).toMatchObject({ updated: 1, created: 0 });
    const revived = await listAll<{ id: string; nodes: number }>(h, reader, "pools");
    expect(revived.map((p) => p.id)).toEqual(poolsBefore.map((p) => p.id));
    const again = (await call(h, "GET", "/api/v1/fleet/summary?month=2026-11", { token: reader })).json() as FleetSummary;
    expect(again.totals.gpus).toBe(260_000);
  });

  it.skipIf(kind !== "postgres")("serializes concurrent imports: parallel imports of a new fleet create each entity once", async () => {
    const other = national();
    for (const site of other.sites) {
      site.id = `${site.id}-x`;
      for (const cluster of site.clusters) cluster.id = `${cluster.id}-x`;
    }
    const before = await fleetCounts(h);
    const results = await Promise.all([1, 2, 3].map(() => call(h, "POST", "/api/v1/fleet/import", { token: admin, body: other })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(results.map((r) => (r.json() as FleetImportResult).clusters.created).sort()).toEqual([0, 0, 14]);
    const after = await fleetCounts(h);
    expect(after.fleet_clusters).toBe(before.fleet_clusters! + 14);
    expect(after.fleet_sites).toBe(before.fleet_sites! + 10);
    await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: NATIONAL });
  });

  it.each([
    ["an unknown model", (f: FleetFile) => void (f.sites[2]!.clusters[1]!.pools[0]!.model = "h800"), "body.sites.2.clusters.1.pools.0.model", "FLEET_MODEL_UNKNOWN"],
    ["a retired region code", (f: FleetFile) => void (f.sites[1]!.region = "KR-45"), "body.sites.1.region", "FLEET_REGION_UNKNOWN"],
    ["a malformed region code", (f: FleetFile) => void (f.sites[1]!.region = "Seoul"), "body.sites.1.region", "invalid_format"],
    ["a duplicate cluster", (f: FleetFile) => void (f.sites[4]!.clusters[1]!.id = f.sites[3]!.clusters[0]!.id), "body.sites.4.clusters.1.id", "FLEET_DUPLICATE_ID"],
    ["wrong totals", (f: FleetFile) => void (f.totals!.gpus = 250_000), "body.totals.gpus", "FLEET_TOTALS_MISMATCH"],
    ["an unknown field", (f: FleetFile) => void ((f.sites[0] as Record<string, unknown>).owner = "x"), "body.sites.0.owner", "unknown_field"],
  ])("refuses %s, naming the field, and writes nothing", async (_what, spoil, field, rule) => {
    const before = await rowCounts(h.store);
    const bad = national();
    spoil(bad);
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: bad });
    expect(res.statusCode, res.body).toBe(400);
    const problem = res.json() as { code: string; errors: { field: string; rule: string }[] };
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, rule }));
    // The rule's own code once the fleet codes are in the catalogue, VALIDATION_FAILED before.
    expect([rule, "VALIDATION_FAILED"]).toContain(problem.code);
    expect(await rowCounts(h.store)).toEqual(before);
  });

  it("names every broken rule of a file at once", async () => {
    const bad = national();
    bad.sites[0]!.region = "KR-42";
    bad.sites[1]!.clusters[0]!.pools[0]!.model = "tpu-v5";
    const res = await call(h, "POST", "/api/v1/fleet/import", { token: admin, body: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    expect(res.json().errors.map((e: { rule: string }) => e.rule).sort()).toEqual(["FLEET_MODEL_UNKNOWN", "FLEET_REGION_UNKNOWN"]);
  });
});

describe("highway fleet (direct mode)", () => {
  const dir = mkdtempSync(join(tmpdir(), "highway-fleet-cli-"));
  const dataDir = join(dir, "data");
  const entry = join(ROOT, "bin", "highway.js");

  const highway = (args: string[]) => {
    const r = spawnSync(process.execPath, [entry, ...args], {
      env: { PATH: process.env.PATH, HIGHWAY_DATA: dataDir, HIGHWAY_LOG_LEVEL: "warn" },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("imports the national fleet and prints its summary and lists as JSON", () => {
    const imported = highway(["fleet", "import", NATIONAL_PATH, "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).totals).toEqual({ gpus: 260_000, npus: 2_048, nodes: 51_071 });
    const summary = highway(["fleet", "summary", "--month", "2026-12", "--json"]);
    expect(summary.code, summary.stderr).toBe(0);
    const parsed = JSON.parse(summary.stdout) as FleetSummary;
    expect(parsed.totals).toMatchObject({ gpus: 260_000, npus: 2_048, nodes: 51_071, acceleratorHoursPerMonth: 262_048 * 744 });
    const models = highway(["fleet", "list", "models", "--json"]);
    expect((JSON.parse(models.stdout) as { key: string }[]).map((m) => m.key)).toContain("rebellions-atom-max");
    const table = highway(["fleet", "list", "sites"]);
    expect(table.stdout).toContain("nacc-gwangju");
    const unknown = highway(["fleet", "list", "racks"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error VALIDATION_FAILED/);
  });
});
