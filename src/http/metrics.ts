/** Prometheus metrics for the HTTP server: request counts and latencies by route and status. */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** One registry per app, so tests and multiple apps in a process do not share counters. */
export interface HttpMetrics {
  readonly registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

/** Creates the registry with request metrics and the process's default metrics. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "highway_" });
  const requests = new Counter({
    name: "highway_http_requests_total",
    help: "HTTP requests answered, by method, route template and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "highway_http_request_duration_seconds",
    help: "Time to answer HTTP requests, by method and route template.",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
