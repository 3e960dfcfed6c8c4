import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runSimulate } from "./simulate.js";
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
    expect(html).not.toContain("<script");
  });

  it("generates the same synthetic workload for the same seed", async () => {
    const a = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "synthetic:jobs=300,load=0.8,seed=7", policy: "highway" }, memoryIo());
    const b = await runSimulate({ fleet: "fixtures/fleet/philly-512.json", trace: "synthetic:jobs=300,load=0.8,seed=7", policy: "highway" }, memoryIo());
    const strip = (r: typeof a) => r.policies.map(({ cycleMs: _c, wallSeconds: _w, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
    expect(a.policies[0]?.offeredLoad).toBeCloseTo(0.8, 5);
  });
});
