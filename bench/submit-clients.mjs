/* global performance */
/**
 * The load generator of bench/submit.ts (plain JavaScript: a worker thread does not inherit tsx), in
 * a worker thread so that the clients' own work (HTTP, JSON) does not run on the server's event
 * loop: `concurrency` clients send `warmup` then `count` submissions round-robin over the projects,
 * without a pause between the two phases, and report every latency (with when it was sent) and
 * every refusal of each phase. When the first measured submission is sent the worker posts
 * `{ kind: "measuring" }`, so that the bench reads its CPU counters at the same moment.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { httpClient } from "./http-client.mjs";

/** @type {{ base: string, targets: { projectId: string, token: string }[], warmup: number, count: number, concurrency: number }} */
const { base, targets, warmup, count, concurrency } = workerData;

/** A phase's answers: latency and sending time (ms from the phase's start) by submission, and refusals by status and text. */
function phase() {
  return { started: 0, latencies: /** @type {number[]} */ ([]), sentAt: /** @type {number[]} */ ([]), refused: /** @type {Record<string, number>} */ ({}) };
}
const warming = phase();
const measured = phase();
let next = 0;
let cpuAtMeasuring = null;
const http = httpClient(concurrency);

async function client() {
  for (;;) {
    const i = next++;
    if (i >= warmup + count) return;
    if (i === warmup) {
      measured.started = performance.now();
      cpuAtMeasuring = threadCpuSeconds();
      parentPort?.postMessage({ kind: "measuring" });
    }
    const into = i < warmup ? warming : measured;
    const target = targets[i % targets.length];
    const body = JSON.stringify({ name: `b${i}`, acceleratorClass: "hopper", acceleratorsPerNode: 1 + (i % 8), timeLimitMinutes: 10, script: "#!/bin/bash\ntrain\n", expectedDurationSeconds: 60 });
    const t0 = performance.now();
    const res = await http.post(`${base}/api/v1/projects/${target.projectId}/workloads`, { authorization: `Bearer ${target.token}` }, body);
    const text = res.text;
    into.latencies.push(performance.now() - t0);
    into.sentAt.push(t0 - into.started);
    if (res.status !== 201) {
      const key = `${res.status} ${text.slice(0, 120)}`;
      into.refused[key] = (into.refused[key] ?? 0) + 1;
    }
  }
}

/** This thread's CPU seconds (Linux), so that the bench can tell the clients' CPU from the server's. */
function threadCpuSeconds() {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

warming.started = performance.now();
await Promise.all(Array.from({ length: concurrency }, client));
http.close();
const cpuAfter = threadCpuSeconds();
parentPort?.postMessage({
  kind: "done",
  warmup: warming,
  measured: { ...measured, seconds: (performance.now() - measured.started) / 1000, cpuSeconds: cpuAtMeasuring === null || cpuAfter === null ? null : cpuAfter - cpuAtMeasuring },
});
