/* global performance */
/**
 * The load generator of bench/submit.ts (plain JavaScript: a worker thread does not inherit tsx), in a worker thread so that the clients' own work (HTTP,
 * JSON) does not run on the server's event loop: `concurrency` clients send `count` submissions
 * round-robin over the projects and report every latency (with when it was sent) and every refusal.
 * `first` numbers the submissions on from an earlier phase, so names and projects keep rotating.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { httpClient } from "./http-client.mjs";

/** @type {{ base: string, targets: { projectId: string, token: string }[], first: number, count: number, concurrency: number }} */
const { base, targets, first, count, concurrency } = workerData;
/** @type {number[]} */
const latencies = [];
/** Milliseconds from the phase's start to each submission's sending, in the order of `latencies`. */
/** @type {number[]} */
const sentAt = [];
/** @type {Record<string, number>} */
const refused = {};
let next = 0;
const http = httpClient(concurrency);

async function client() {
  for (;;) {
    if (next >= count) return;
    const i = first + next++;
    const target = targets[i % targets.length];
    const body = JSON.stringify({ name: `b${i}`, acceleratorClass: "hopper", acceleratorsPerNode: 1 + (i % 8), timeLimitMinutes: 10, script: "#!/bin/bash\ntrain\n", expectedDurationSeconds: 60 });
    const t0 = performance.now();
    const res = await http.post(`${base}/api/v1/projects/${target.projectId}/workloads`, { authorization: `Bearer ${target.token}` }, body);
    const text = res.text;
    latencies.push(performance.now() - t0);
    sentAt.push(t0 - started);
    if (res.status !== 201) {
      const key = `${res.status} ${text.slice(0, 120)}`;
      refused[key] = (refused[key] ?? 0) + 1;
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

const cpuBefore = threadCpuSeconds();
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, client));
http.close();
const cpuAfter = threadCpuSeconds();
parentPort?.postMessage({ latencies, sentAt, refused, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore });
