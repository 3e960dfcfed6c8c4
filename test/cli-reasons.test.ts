/**
 * `highway workload list` and `workload show` in Korean: under --lang ko or a Korean locale every
 * reason the CLI prints (a workload's, and each event's in the history table) is the Korean one
 * the API renders; under --lang en the English. The CLI talks to a listening server here (--api),
 * which is what it does whenever a server owns the data directory.
 */
import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedFleet } from "../src/executors/simulated/simulated-fleet.js";
import { ControlLoop } from "../src/services/execution/control-loop.js";
import { call, openHarness, type Harness } from "./support/harness.js";
import { makeAwardedProject, submitWorkload, TEST_FLEET, type AwardedProject } from "./support/projects.js";

const BIN = join(import.meta.dirname, "..", "bin", "highway.js");
const run = promisify(execFile);

describe("workload reasons on the command line", () => {
  let h: Harness;
  let p: AwardedProject;
  let base: string;
  let running: string;
  let cancelled: string;

  beforeAll(async () => {
    h = await openHarness("pglite", {}, { executors: (clock) => new SimulatedFleet(TEST_FLEET, clock).clusters });
    await h.services.fleet.import(h.system, TEST_FLEET);
    p = await makeAwardedProject(h, { code: "clir", hopperHours: "100", maxConcurrent: 16 });
    const loop = new ControlLoop(h.services.deps, h.services.fleetView, { holder: "test" });
    running = await submitWorkload(h, p, { script: "#!/bin/bash\ntrain\n", model: "h100-sxm", acceleratorsPerNode: 8, timeLimitMinutes: 30, expectedDurationSeconds: 1200 });
    await loop.cycle();
    h.clock.advance(1000);
    await loop.cycle();
    await loop.stop();
    cancelled = await submitWorkload(h, p, { script: "#!/bin/bash\ntrain\n", model: "h200", acceleratorsPerNode: 8, timeLimitMinutes: 30 });
    expect((await call(h, "POST", `/api/v1/workloads/${cancelled}/cancel`, { token: p.member.token })).statusCode).toBe(200);
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => h?.close());

  /** The CLI as a person runs it, against the test server; asynchronous, so the server can answer. */
  async function highway(args: string[], env: Record<string, string> = {}): Promise<string> {
    const { stdout } = await run(process.execPath, [BIN, "--api", base, "--token", p.member.token, ...args], {
      env: { PATH: process.env.PATH, HIGHWAY_LOG_LEVEL: "warn", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    return stdout;
  }

  it("lists workloads with their reasons in Korean under --lang ko, and in English under --lang en", async () => {
    const korean = await highway(["--lang", "ko", "workload", "list"]);
    expect(korean).toContain("ta에서 실행 중");
    expect(korean).toMatch(/person:\S+의 요청으로 취소됨/);
    expect(korean).not.toMatch(/running on|cancelled by/);
    const english = await highway(["--lang", "en", "workload", "list"], { LC_ALL: "ko_KR.UTF-8" });
    expect(english).toContain("running on ta");
    expect(english).toMatch(/cancelled by person:\S+/);
    expect(english).not.toMatch(/실행 중|취소됨/);
  });

  it("shows a workload and its history table in Korean under a Korean locale", async () => {
    const shown = await highway(["workload", "show", running], { LANG: "ko_KR.UTF-8" });
    const [record, history] = shown.split("\n\n");
    expect(record).toMatch(/^reason\s+ta에서 실행 중$/m);
    // One line per event, each reason in Korean.
    expect(history).toMatch(/\squeued\s+0\s+제출됨\s/);
    expect(history).toMatch(/\sdispatched\s+1\s+ta에 배치됨: 노드 1개 x 노드당 h100-sxm 8개\s/);
    expect(history).toMatch(/\sdispatched\s+1\s+ta에 작업 \S+ 제출됨\s/);
    expect(history).toMatch(/\srunning\s+1\s+작업 \S+(?:이|가) ta-n0000[12]에서 시작됨\s/);
    expect(history).not.toMatch(/submitted|placed on|started on/);
    expect(await highway(["--lang", "ko", "workload", "show", running])).toBe(shown);
    const english = await highway(["workload", "show", running]);
    expect(english).toMatch(/^reason\s+running on ta$/m);
    expect(english).toMatch(/\squeued\s+0\s+submitted\s/);
    expect(english).toMatch(/\sdispatched\s+1\s+placed on ta: 1 x 8 h100-sxm\s/);
  });
});
