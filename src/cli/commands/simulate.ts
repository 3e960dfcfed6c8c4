/**
 * `highway simulate`: replays a trace (a file, or `synthetic:jobs=N,load=L,seed=S`) on a fleet
 * under one or more policies and writes the JSON and HTML reports. The simulator stays free of the
 * wall clock; this command hands it performance.now as a stopwatch.
 */
import { readFile, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { Command } from "commander";
import { parseFleet } from "../../domain/fleet.js";
import type { FleetFile } from "../../domain/fleet.js";
import { policyByName } from "../../scheduler/policy.js";
import { renderHtml } from "../../sim/report-html.js";
import type { SimulationReport } from "../../sim/report-html.js";
import { simulate } from "../../sim/simulator.js";
import { generateSynthetic, parseSyntheticSpec } from "../../sim/synthetic.js";
import { readPhillyCsv, readTraceCsv } from "../../sim/trace.js";
import type { SimJob } from "../../sim/trace.js";

/** Options of one `highway simulate` run. */
export interface SimulateOptions {
  readonly fleet: string;
  readonly trace: string;
  /** Comma-separated policy names; default all three. */
  readonly policy?: string;
  readonly json?: string;
  readonly html?: string;
}

/** What the command needs from its surroundings, replaceable in tests. */
export interface SimulateIo {
  readonly readText: (path: string) => Promise<string>;
  readonly writeText: (path: string, text: string) => Promise<void>;
  readonly stopwatch: () => number;
  /** Progress of a policy, 0..1; absent: silent. */
  readonly progress?: (policy: string, fraction: number) => void;
}

const DEFAULT_IO: SimulateIo = {
  readText: (path) => readFile(path, "utf8"),
  writeText: (path, text) => writeFile(path, text, "utf8"),
  stopwatch: () => performance.now(),
};

/** Reads a trace argument: a synthetic spec, a Philly-format CSV, or the project's CSV format. */
export async function loadTrace(trace: string, fleet: FleetFile, io: SimulateIo): Promise<SimJob[]> {
  if (trace.startsWith("synthetic:")) return generateSynthetic(fleet, parseSyntheticSpec(trace));
  const text = await io.readText(trace);
  const header = text.slice(0, text.indexOf("\n")).trim();
  if (header.startsWith("timestamp,duration,num_gpus")) return readPhillyCsv(text);
  return readTraceCsv(text, fleet);
}

/** Runs the simulation for each policy and writes the requested reports; returns the report. */
export async function runSimulate(options: SimulateOptions, io: SimulateIo = DEFAULT_IO): Promise<SimulationReport> {
  const fleet = parseFleet(JSON.parse(await io.readText(options.fleet)));
  const policies = (options.policy ?? "fifo,slurm,highway")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(policyByName);
  const jobs = await loadTrace(options.trace, fleet, io);
  const results = policies.map((policy) =>
    simulate(fleet, jobs, {
      policy,
      stopwatch: io.stopwatch,
      ...(io.progress ? { onProgress: (f: number) => io.progress?.(policy.name, f) } : {}),
    }),
  );
  const report: SimulationReport = { fleet: fleet.name, trace: options.trace, jobs: jobs.length, policies: results };
  if (options.json) await io.writeText(options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.html) await io.writeText(options.html, renderHtml(report));
  return report;
}

/** A one-line progress bar on stderr, redrawn in place; only used on a terminal. */
function progressBar(): (policy: string, fraction: number) => void {
  let lastDrawn = -1;
  return (policy, fraction) => {
    const pct = Math.floor(fraction * 100);
    if (pct === lastDrawn) return;
    lastDrawn = pct;
    const width = 30;
    const filled = Math.round(fraction * width);
    process.stderr.write(`\r${policy.padEnd(8)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(pct).padStart(3)}%`);
    if (fraction >= 1) {
      process.stderr.write("\n");
      lastDrawn = -1;
    }
  };
}

/** Adds `highway simulate` to the CLI. */
export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description("Replay a trace on a fleet under scheduling policies and report queueing, utilization and fairness")
    .requiredOption("--fleet <file>", "fleet file (JSON), e.g. fixtures/fleet/philly-512.json")
    .requiredOption("--trace <file|synthetic:jobs=N,load=L,seed=S>", "a Philly CSV, a trace in the project's CSV format, or a synthetic workload")
    .option("--policy <names>", "comma-separated policies: fifo, slurm, highway", "fifo,slurm,highway")
    .option("--json <file>", "write the JSON report here")
    .option("--html <file>", "write the HTML report here")
    .action(async (opts: SimulateOptions) => {
      const io: SimulateIo = process.stderr.isTTY ? { ...DEFAULT_IO, progress: progressBar() } : DEFAULT_IO;
      const rows = summarize(await runSimulate(opts, io));
      // A person at a terminal reads a table; a pipe gets JSON.
      process.stdout.write(process.stdout.isTTY ? summaryTable(rows) : `${JSON.stringify(rows, null, 2)}\n`);
    });
}

/** One policy's headline figures, as the command prints them. */
export interface PolicySummary {
  readonly policy: string;
  readonly jobs: number;
  readonly utilization: number;
  /** The most any schedule could deliver within the submission span (see docs/scheduler.md). */
  readonly capacityBound: number;
  readonly offeredLoad: number;
  readonly zeroWaitUtilization: number;
  readonly queueDelayMeanSeconds: number;
  readonly queueDelayP99Seconds: number;
  readonly jctMeanSeconds: number;
  readonly fairnessJain: number;
  /** fairnessJain over the days of the submission span only (the days after it are the last long jobs'). */
  readonly fairnessJainInSpan: number;
  readonly cycleMsP50: number;
  readonly cycleMsP99: number;
  readonly wallSeconds: number;
}

/** The headline figures of each policy of a report. */
export function summarize(report: SimulationReport): PolicySummary[] {
  return report.policies.map((p) => ({
    policy: p.policy,
    jobs: p.jobs,
    utilization: round(p.utilization),
    capacityBound: round(p.capacityBound),
    offeredLoad: round(p.offeredLoad),
    zeroWaitUtilization: round(p.zeroWaitUtilization),
    queueDelayMeanSeconds: Math.round(p.queueDelaySeconds.mean),
    queueDelayP99Seconds: Math.round(p.queueDelaySeconds.p99),
    jctMeanSeconds: Math.round(p.jctSeconds.mean),
    fairnessJain: round(p.fairnessJain),
    fairnessJainInSpan: round(p.fairnessJainInSpan),
    cycleMsP50: round(p.cycleMs.p50),
    cycleMsP99: round(p.cycleMs.p99),
    wallSeconds: round(p.wallSeconds),
  }));
}

const COLUMNS: readonly (readonly [string, (s: PolicySummary) => string])[] = [
  ["policy", (s) => s.policy],
  ["jobs", (s) => s.jobs.toLocaleString("en-US")],
  ["utilization", (s) => s.utilization.toFixed(3)],
  ["capacity bound", (s) => s.capacityBound.toFixed(3)],
  ["offered load", (s) => s.offeredLoad.toFixed(3)],
  ["delay mean s", (s) => s.queueDelayMeanSeconds.toLocaleString("en-US")],
  ["delay p99 s", (s) => s.queueDelayP99Seconds.toLocaleString("en-US")],
  ["JCT mean s", (s) => s.jctMeanSeconds.toLocaleString("en-US")],
  ["fairness (Jain)", (s) => s.fairnessJain.toFixed(3)],
  ["in span", (s) => s.fairnessJainInSpan.toFixed(3)],
  ["cycle p99 ms", (s) => s.cycleMsP99.toFixed(3)],
  ["wall s", (s) => s.wallSeconds.toFixed(1)],
];

/** The summary as a table for a terminal: names left-aligned, figures right-aligned. */
export function summaryTable(rows: readonly PolicySummary[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, c) => Math.max(...cells.map((line) => line[c]!.length)));
  const lines = cells.map((line) => line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd());
  return `${lines.join("\n")}\n`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
