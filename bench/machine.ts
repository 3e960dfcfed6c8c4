// What a benchmark ran on: results differ by a factor of two or more between the machines this
// project has been measured on, and with other work running, so each report says which it was.
import { cpus, loadavg } from "node:os";

/** The 1-minute load average when the benchmark started (before its own work raised it). */
const loadAtStart = loadavg()[0]!;

export function machine(): { cpu: string; cpus: number; loadAverageAtStart: number; node: string } {
  return { cpu: cpus()[0]?.model ?? "unknown", cpus: cpus().length, loadAverageAtStart: Math.round(loadAtStart * 100) / 100, node: process.version };
}
