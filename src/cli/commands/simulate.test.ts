import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runSimulate, summarize, summaryTable } from "./simulate.js";
import type { SimulateIo } from "./simulate.js";

function memoryIo(): SimulateIo & { written: Map<string, string> } {
  const written = new Map<string, string>();
  let tick = 0;
  return {
    written,
    readText: (path) => readFile(path, "utf8"),
    writeText: async (path, text) => {
      written.set(path, text);
    },
    // A fake stopwatch: cycle times are counted, never measured, in tests.
    stopwatch: () => tick++,
  };
}

describe("highway simulate", () => {
  it("replays a tiny trace on philly-512 under all three policies and writes JSON and HTML", async () => {
    const io = memoryIo();
    const report = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "fixtures/traces/tiny.csv", json: "out.json", html: "out.html" }, io);
    expect(report.policies.map((p) => p.policy)).toEqual(["fifo", "slurm", "highway"]);
    for (const p of report.policies) {
      expect(p.jobs).toBe(8);
      expect(p.unfinished).toBe(0);
      expect(p.utilization).toBeGreaterThan(0);
      expect(p.utilization).toBeLessThanOrEqual(p.zeroWaitUtilization + 1e-9);
      expect(p.zeroWaitUtilization).toBeLessThanOrEqual(p.offeredLoad + 1e-9);
      expect(p.queueDelaySeconds.p50).toBeLessThanOrEqual(p.queueDelaySeconds.p99);
    }
    const json = JSON.parse(io.written.get("out.json") ?? "{}") as { policies: Record<string, unknown>[] };
    for (const key of ["policy", "jobs", "utilization", "offeredLoad", "queueDelaySeconds", "jctSeconds", "fairnessJain", "cycleMs", "wallSeconds"]) {
      expect(json.policies[0]).toHaveProperty(key);
    }
    const html = io.written.get("out.html") ?? "";
    expect(html).toContain("<svg");
    expect(html).toContain("Queueing-delay CDF");
    // Each heading in Korean and English, one table row per policy.
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain("대기 시간 누적 분포");
    expect(html).toContain("용량 상한<br><span lang=\"en\">capacity bound</span>");
    expect(html.match(/<tr><td>/g)).toHaveLength(3);
    expect(html).not.toContain("<script");
  });

  it("generates the same synthetic workload for the same seed", async () => {
    const a = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "synthetic:jobs=300,load=0.8,seed=7", policy: "highway" }, memoryIo());
    const b = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "synthetic:jobs=300,load=0.8,seed=7", policy: "highway" }, memoryIo());
    const strip = (r: typeof a) => r.policies.map(({ cycleMs: _c, wallSeconds: _w, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
    expect(a.policies[0]?.offeredLoad).toBeCloseTo(0.8, 5);
  });

  it("prints a table on a terminal: one aligned line per policy, with the figures of the JSON summary", async () => {
    const report = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "fixtures/traces/tiny.csv", policy: "slurm,highway" }, memoryIo());
    const rows = summarize(report);
    const lines = summaryTable(rows).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^policy +jobs +utilization +capacity bound +offered load +delay mean s +delay p99 s +JCT mean s +fairness \(Jain\) +in span +cycle p99 ms +wall s$/);
    // Every line is as wide as the header: the columns line up.
    for (const line of lines) expect(line.length).toBe(lines[0]!.length);
    const highway = rows.find((r) => r.policy === "highway")!;
    expect(lines[2]!.startsWith("highway ")).toBe(true);
    expect(lines[2]).toContain(` ${highway.capacityBound.toFixed(3)} `);
    expect(lines[2]).toContain(` ${highway.queueDelayMeanSeconds.toLocaleString("en-US")} `);
    expect(highway.capacityBound).toBeGreaterThanOrEqual(highway.utilization - 1e-9);
  });

  it("reports fairness over the submission span beside fairness over all days", async () => {
    // A synthetic trace whose last long jobs run days past the last submission: the two differ.
    const io = memoryIo();
    const report = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "synthetic:jobs=300,load=0.8,seed=7", policy: "highway", html: "out.html" }, io);
    const [row] = summarize(report);
    const full = report.policies[0]!;
    expect(full.fairnessJainInSpan).not.toBeCloseTo(full.fairnessJain, 2);
    expect(row!.fairnessJainInSpan).toBe(Math.round(full.fairnessJainInSpan * 1000) / 1000);
    expect(summaryTable([row!])).toMatch(new RegExp(` ${row!.fairnessJain.toFixed(3)} +${row!.fairnessJainInSpan.toFixed(3)} `));
    expect(io.written.get("out.html")).toContain(`<td>${full.fairnessJain.toFixed(3)}</td><td>${full.fairnessJainInSpan.toFixed(3)}</td>`);
  });
});
