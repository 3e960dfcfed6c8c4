/**
 * A self-contained HTML report of a simulation (no scripts, no external assets), in Korean and
 * English: a table of the headline metrics and three inline SVG charts: utilization over time, the
 * queueing-delay CDF per policy (log time axis) and the mean queueing delay by job size class.
 */
import type { PolicyReport } from "./simulator.js";

/** The JSON report: the run's inputs and one entry per policy. */
export interface SimulationReport {
  readonly fleet: string;
  readonly trace: string;
  readonly jobs: number;
  readonly policies: readonly PolicyReport[];
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];
const W = 720;
const H = 300;
const M = { l: 60, r: 20, t: 20, b: 40 };

/** The table's columns: a heading in Korean and English, and the cell of a policy. */
const COLUMNS: readonly (readonly [ko: string, en: string, cell: (p: PolicyReport) => string])[] = [
  ["정책", "policy", (p) => esc(p.policy)],
  ["작업 수", "jobs", (p) => num(p.jobs)],
  ["이용률", "utilization", (p) => pct(p.utilization)],
  ["용량 상한", "capacity bound", (p) => pct(p.capacityBound)],
  ["제공 부하", "offered load", (p) => pct(p.offeredLoad)],
  ["대기 없는 이용률", "zero-wait utilization", (p) => pct(p.zeroWaitUtilization)],
  ["대기 평균", "delay mean", (p) => num(p.queueDelaySeconds.mean)],
  ["p50", "p50", (p) => num(p.queueDelaySeconds.p50)],
  ["p95", "p95", (p) => num(p.queueDelaySeconds.p95)],
  ["p99", "p99", (p) => num(p.queueDelaySeconds.p99)],
  ["완료 시간 평균", "JCT mean", (p) => num(p.jctSeconds.mean)],
  ["제한 지연율", "bounded slowdown", (p) => p.boundedSlowdown.mean.toFixed(2)],
  ["공정성 (전체 일)", "fairness (Jain, all days)", (p) => p.fairnessJain.toFixed(3)],
  ["공정성 (제출 기간)", "fairness (submission span)", (p) => p.fairnessJainInSpan.toFixed(3)],
  ["대기 중 유휴", "idle while waiting", (p) => pct(p.idleWhileWaiting)],
  ["선점", "preemptions", (p) => num(p.preemptions)],
  ["단편화", "fragmentation", (p) => pct(p.fragmentation)],
  ["주기 ms p50 / p99", "cycle ms p50 / p99", (p) => `${p.cycleMs.p50.toFixed(3)} / ${p.cycleMs.p99.toFixed(3)}`],
  ["실행 s", "wall s", (p) => p.wallSeconds.toFixed(1)],
];

/** Renders the report as one HTML document, in Korean and English (each heading in both). */
export function renderHtml(report: SimulationReport): string {
  const head = COLUMNS.map(([ko, en]) => `<th>${ko}<br><span lang="en">${en}</span></th>`).join("");
  const rows = report.policies.map((p) => `<tr>${COLUMNS.map(([, , cell]) => `<td>${cell(p)}</td>`).join("")}</tr>`).join("\n");
  const legend = report.policies.map((p, i) => `<span style="color:${COLORS[i % COLORS.length]}">&#9632; ${esc(p.policy)}</span>`).join(" &nbsp; ");
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>AI Highway 시뮬레이션 / simulation: ${esc(report.fleet)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4;vertical-align:bottom}th span{font-weight:normal;color:#555}td:first-child{text-align:left}svg{background:#fff;border:1px solid #ddd;margin:8px 0}h2{margin-top:1.5em}h2 span,p span{color:#555}</style>
</head><body>
<h1>시뮬레이션 / <span lang="en">Simulation</span>: ${esc(report.trace)} @ ${esc(report.fleet)}</h1>
<p>작업 ${num(report.jobs)}개. 이용률과 제공 부하는 첫 제출부터 마지막 제출까지의 기간에서 잽니다. 용량 상한은 그 기간에 어떤 스케줄도 넘을 수 없는 이용률입니다. 대기 시간의 단위는 초입니다.<br>
<span lang="en">${num(report.jobs)} jobs. Utilization and offered load are measured over the span from the first to the last submission; the capacity bound is the most any schedule can deliver in it. Delays in seconds.</span></p>
<div class="scroll"><table><tr>${head}</tr>
${rows}
</table></div>
<p>${legend}</p>
<h2>시간에 따른 이용률 / <span lang="en">Utilization over time</span></h2>
${utilizationChart(report.policies)}
<h2>대기 시간 누적 분포 / <span lang="en">Queueing-delay CDF</span></h2>
${cdfChart(report.policies)}
<h2>작업 크기(가속기 수)별 평균 대기 시간 / <span lang="en">Mean queueing delay by job size (accelerators)</span></h2>
${sizeChart(report.policies)}
</body></html>
`;
}

function utilizationChart(policies: readonly PolicyReport[]): string {
  const tMax = Math.max(1, ...policies.flatMap((p) => p.utilizationSeries.t));
  const x = (t: number) => M.l + (t / tMax) * (W - M.l - M.r);
  const y = (u: number) => H - M.b - Math.min(1, u) * (H - M.t - M.b);
  const lines = policies.map((p, i) => polyline(p.utilizationSeries.t.map((t, k) => [x(t), y(p.utilizationSeries.u[k] ?? 0)]), COLORS[i % COLORS.length]!));
  return svg([...axes(), ...[0, 0.25, 0.5, 0.75, 1].map((u) => label(M.l - 8, y(u) + 4, pct(u), "end")), label(W / 2, H - 8, `시간 / time (일 / days, 0 - ${(tMax / 86_400).toFixed(1)})`, "middle"), ...lines]);
}

function cdfChart(policies: readonly PolicyReport[]): string {
  const maxDelay = Math.max(10, ...policies.flatMap((p) => p.delayCdf.map(([d]) => d)));
  const lmax = Math.log10(maxDelay + 1);
  const x = (d: number) => M.l + (Math.log10(d + 1) / lmax) * (W - M.l - M.r);
  const y = (f: number) => H - M.b - f * (H - M.t - M.b);
  const lines = policies.map((p, i) => polyline(p.delayCdf.map(([d, f]) => [x(d), y(f)]), COLORS[i % COLORS.length]!));
  const ticks = [1, 10, 60, 600, 3600, 36_000, 360_000].filter((d) => d <= maxDelay).map((d) => label(x(d), H - M.b + 16, fmtSeconds(d), "middle"));
  return svg([...axes(), ...[0, 0.5, 1].map((f) => label(M.l - 8, y(f) + 4, f.toFixed(1), "end")), ...ticks, label(W / 2, H - 4, "대기 시간 / queueing delay (로그 눈금 / log scale)", "middle"), ...lines]);
}

function sizeChart(policies: readonly PolicyReport[]): string {
  const classes = Object.keys(policies[0]?.queueDelayBySize ?? {});
  const max = Math.max(1, ...policies.flatMap((p) => Object.values(p.queueDelayBySize).map((d) => d.mean)));
  const groupW = (W - M.l - M.r) / Math.max(1, classes.length);
  const barW = (groupW * 0.8) / Math.max(1, policies.length);
  const y = (v: number) => H - M.b - (v / max) * (H - M.t - M.b);
  const bars: string[] = [];
  classes.forEach((c, ci) => {
    bars.push(label(M.l + ci * groupW + groupW / 2, H - M.b + 16, c, "middle"));
    policies.forEach((p, pi) => {
      const v = p.queueDelayBySize[c]?.mean ?? 0;
      const x0 = M.l + ci * groupW + groupW * 0.1 + pi * barW;
      bars.push(`<rect x="${x0.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(H - M.b - y(v)).toFixed(1)}" fill="${COLORS[pi % COLORS.length]}"><title>${esc(p.policy)} ${c}: ${num(v)} s</title></rect>`);
    });
  });
  return svg([...axes(), label(M.l - 8, y(max) + 4, fmtSeconds(max), "end"), label(M.l - 8, y(0) + 4, "0", "end"), ...bars]);
}

function svg(parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join("")}</svg>`;
}

function axes(): string[] {
  return [`<line x1="${M.l}" y1="${H - M.b}" x2="${W - M.r}" y2="${H - M.b}" stroke="#444"/>`, `<line x1="${M.l}" y1="${M.t}" x2="${M.l}" y2="${H - M.b}" stroke="#444"/>`];
}

function polyline(points: readonly (readonly [number, number])[], color: string): string {
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ")}"/>`;
}

function label(x: number, y: number, text: string, anchor: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="11" text-anchor="${anchor}">${esc(text)}</text>`;
}

function fmtSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function num(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
