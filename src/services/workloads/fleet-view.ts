/**
 * The fleet in service as workloads see it: partitions (one model in one cluster) for admission,
 * nodes with topology for the scheduler, and per cluster its site and operator and per model its
 * price, for metering. Read again from the registry when older than `maxAgeMs`, so that an import
 * reaches the scheduler within that time without a query per submission; a fleet read again
 * unchanged keeps its view (the same object), so the control loop keeps its scheduler state.
 */
import type { Clock } from "../../domain/clock.js";
import { expandFleet, type FleetFile, type FleetNode } from "../../domain/fleet.js";
import type { Partition } from "../../domain/workloads/admission.js";
import type { FleetRegistry } from "../fleet/fleet-registry.js";

export interface FleetView {
  readonly fleet: FleetFile | null;
  readonly partitions: readonly Partition[];
  /** Nodes in `expandFleet` order, built on first use (a national fleet has 51,071). */
  nodes(): readonly FleetNode[];
  readonly clusters: ReadonlyMap<string, { readonly site: string; readonly operator: string }>;
  readonly models: ReadonlyMap<string, { readonly acceleratorClass: string; readonly pricePerHourKrw: bigint; readonly kind: "gpu" | "npu" }>;
}

export function fleetViewOf(fleet: FleetFile | null): FleetView {
  const partitions = new Map<string, Partition>();
  const clusters = new Map<string, { site: string; operator: string }>();
  const models = new Map<string, { acceleratorClass: string; pricePerHourKrw: bigint; kind: "gpu" | "npu" }>();
  for (const [key, m] of Object.entries(fleet?.acceleratorModels ?? {})) models.set(key, { acceleratorClass: m.class, pricePerHourKrw: BigInt(m.refPriceKrwPerHour), kind: m.kind });
  for (const site of fleet?.sites ?? []) {
    for (const cluster of site.clusters) {
      clusters.set(cluster.id, { site: site.id, operator: site.operator });
      for (const pool of cluster.pools) {
        const model = models.get(pool.model);
        if (model === undefined) continue;
        // Pools of one model in one cluster form one partition; its node width is the narrowest pool's.
        const id = `${cluster.id}\u0000${pool.model}`;
        const before = partitions.get(id);
        partitions.set(id, {
          cluster: cluster.id,
          model: pool.model,
          acceleratorClass: model.acceleratorClass,
          nodes: (before?.nodes ?? 0) + pool.nodes,
          acceleratorsPerNode: Math.min(before?.acceleratorsPerNode ?? Infinity, pool.acceleratorsPerNode),
        });
      }
    }
  }
  let nodes: FleetNode[] | null = null;
  return {
    fleet,
    partitions: [...partitions.values()],
    nodes: () => (nodes ??= fleet === null ? [] : expandFleet(fleet)),
    clusters,
    models,
  };
}

/** Keeps a FleetView no older than `maxAgeMs`. */
export class FleetViewCache {
  #view: FleetView | null = null;
  /** The fleet the view was made of, as JSON: a reload that finds the same keeps the view. */
  #loadedFleet = "";
  #loadedAt = 0;
  #loading: Promise<FleetView> | null = null;

  constructor(
    private readonly registry: FleetRegistry,
    private readonly clock: Clock,
    private readonly maxAgeMs = 30_000,
  ) {}

  async get(): Promise<FleetView> {
    const now = this.clock.now().getTime();
    if (this.#view !== null && now - this.#loadedAt < this.maxAgeMs) return this.#view;
    this.#loading ??= this.registry
      .currentFleet()
      .then((fleet) => {
        const loaded = JSON.stringify(fleet);
        if (this.#view === null || loaded !== this.#loadedFleet) this.#view = fleetViewOf(fleet);
        this.#loadedFleet = loaded;
        this.#loadedAt = now;
        return this.#view;
      })
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  /** Forgets the view, so the next `get` reads the registry (after an import). */
  invalidate(): void {
    this.#view = null;
  }
}
