/**
 * Capacity of the fleet: accelerators and accelerator-hours per month, in total and by operator,
 * region, model and accelerator class. A "month" is a calendar month in Asia/Seoul; Korea keeps
 * no daylight saving time, so it has exactly 24 x (days in the month) hours: 672, 696, 720 or 744.
 * Accelerator-hours per month = accelerators x those hours (the fleet's nameplate supply, before
 * downtime and reservations).
 */
import type { FleetFile } from "./fleet.js";

/** What the summary needs of one node pool. */
export interface CapacityPool {
  readonly operator: string;
  readonly site: string;
  readonly region: string;
  readonly cluster: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly kind: "gpu" | "npu";
  readonly nodes: number;
  readonly acceleratorsPerNode: number;
}

/** The capacity of one group (an operator, a region, a model or a class). */
export interface CapacityRow {
  readonly key: string;
  readonly nodes: number;
  readonly gpus: number;
  readonly npus: number;
  readonly accelerators: number;
  readonly acceleratorHoursPerMonth: number;
}

/** A model's row also names its class and kind. */
export interface ModelCapacityRow extends CapacityRow {
  readonly acceleratorClass: string;
  readonly kind: "gpu" | "npu";
}

/** What the class list needs of one accelerator model. */
export interface ClassMember {
  readonly key: string;
  readonly acceleratorClass: string;
  readonly kind: "gpu" | "npu";
  readonly refPriceKrwPerHour: number;
}

/** An accelerator class: its models and its reference price (the highest model price in it). */
export interface AcceleratorClassRow {
  readonly key: string;
  readonly kind: "gpu" | "npu" | "mixed";
  readonly models: readonly string[];
  readonly referencePriceKrwPerHour: number;
}

/** The whole summary for one month. */
export interface CapacitySummary {
  /** The calendar month (Asia/Seoul), `YYYY-MM`. */
  readonly month: string;
  readonly hoursInMonth: number;
  readonly totals: Omit<CapacityRow, "key">;
  readonly byOperator: readonly CapacityRow[];
  readonly byRegion: readonly CapacityRow[];
  readonly byModel: readonly ModelCapacityRow[];
  readonly byClass: readonly CapacityRow[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a `YYYY-MM` month. */
export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** Hours in a calendar month in Asia/Seoul (UTC+9 all year): 24 x its days. */
export function hoursInMonth(month: string): number {
  const m = MONTH.exec(month);
  if (m === null) throw new Error(`not a YYYY-MM month: ${month}`);
  const days = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return 24 * days;
}

/** The calendar month (`YYYY-MM`) of an instant in Asia/Seoul. */
export function seoulMonth(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 7);
}

/** The pools of a fleet file in the shape the summary reads (pools naming no known model are skipped). */
export function capacityPools(fleet: FleetFile): CapacityPool[] {
  const out: CapacityPool[] = [];
  for (const site of fleet.sites) {
    for (const cluster of site.clusters) {
      for (const pool of cluster.pools) {
        const model = fleet.acceleratorModels[pool.model];
        if (model === undefined) continue;
        out.push({
          operator: site.operator,
          site: site.id,
          region: site.region,
          cluster: cluster.id,
          model: pool.model,
          acceleratorClass: model.class,
          kind: model.kind,
          nodes: pool.nodes,
          acceleratorsPerNode: pool.acceleratorsPerNode,
        });
      }
    }
  }
  return out;
}

interface Tally {
  nodes: number;
  gpus: number;
  npus: number;
}

function add(tally: Tally, pool: CapacityPool): void {
  const accelerators = pool.nodes * pool.acceleratorsPerNode;
  tally.nodes += pool.nodes;
  if (pool.kind === "gpu") tally.gpus += accelerators;
  else tally.npus += accelerators;
}

function row(key: string, t: Tally, hours: number): CapacityRow {
  const accelerators = t.gpus + t.npus;
  return { key, nodes: t.nodes, gpus: t.gpus, npus: t.npus, accelerators, acceleratorHoursPerMonth: accelerators * hours };
}

function groupBy(pools: readonly CapacityPool[], keyOf: (p: CapacityPool) => string, hours: number): CapacityRow[] {
  const groups = new Map<string, Tally>();
  for (const pool of pools) {
    const key = keyOf(pool);
    let tally = groups.get(key);
    if (tally === undefined) groups.set(key, (tally = { nodes: 0, gpus: 0, npus: 0 }));
    add(tally, pool);
  }
  return [...groups.keys()].sort().map((key) => row(key, groups.get(key)!, hours));
}

/** Sums the pools for the month, in total and per operator, region, model and class (rows in key order). */
export function summarizeCapacity(pools: readonly CapacityPool[], month: string): CapacitySummary {
  const hours = hoursInMonth(month);
  const total: Tally = { nodes: 0, gpus: 0, npus: 0 };
  for (const pool of pools) add(total, pool);
  const { key: _key, ...totals } = row("", total, hours);
  const modelInfo = new Map(pools.map((p) => [p.model, { acceleratorClass: p.acceleratorClass, kind: p.kind }]));
  return {
    month,
    hoursInMonth: hours,
    totals,
    byOperator: groupBy(pools, (p) => p.operator, hours),
    byRegion: groupBy(pools, (p) => p.region, hours),
    byModel: groupBy(pools, (p) => p.model, hours).map((r) => ({ ...r, ...modelInfo.get(r.key)! })),
    byClass: groupBy(pools, (p) => p.acceleratorClass, hours),
  };
}

/**
 * The classes of a set of models, in key order, each with its models (in key order) and its
 * reference price: the highest model price in the class (DESIGN.md, Queue).
 */
export function acceleratorClasses(models: readonly ClassMember[]): AcceleratorClassRow[] {
  const groups = new Map<string, ClassMember[]>();
  for (const m of models) groups.set(m.acceleratorClass, [...(groups.get(m.acceleratorClass) ?? []), m]);
  return [...groups.keys()].sort().map((key) => {
    const members = groups.get(key)!;
    const kinds = new Set(members.map((m) => m.kind));
    return {
      key,
      kind: kinds.size === 1 ? members[0]!.kind : "mixed",
      models: members.map((m) => m.key).sort(),
      referencePriceKrwPerHour: Math.max(...members.map((m) => m.refPriceKrwPerHour)),
    };
  });
}
