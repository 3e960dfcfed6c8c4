/**
 * The scheduler state the control loop keeps across cycles while its replica leads, and the inputs
 * it is built from. Each cycle reads one key per active workload, compares the set with the keys
 * the state holds, and reads and applies only the new, changed and gone workloads (live-state.ts);
 * decayed usage is set every cycle. The state is built afresh from every active workload when there
 * is none (first cycle as leader, after a failed cycle), when the epoch, the fleet view, the closed
 * nodes (drains, maintenance windows, nodes a cluster reports down) or a queue's parameters
 * (quotas, weights, cohort, activity: the ledger's limits are set at build) changed, or when a
 * change cannot be applied.
 */
import { and, inArray, isNull, sql } from "drizzle-orm";
import type { QueueParameters } from "../../domain/programs/queue-from-allocation.js";
import type { Decisions, SchedulerPolicy } from "../../scheduler/index.js";
import { fromStored } from "../../store/json-codec.js";
import { maintenanceWindows, nodeDrains, nodeInventory, queues, queueUsage } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import type { FleetView } from "../workloads/fleet-view.js";
import { readActiveFacts, readActiveKeys } from "./active-workloads.js";
import { LiveState } from "./live-state.js";
import type { QueueInput } from "./snapshot.js";

/** A kept state with what it was built from. */
interface Kept {
  readonly live: LiveState;
  readonly epoch: number;
  readonly fleet: FleetView;
  readonly closed: ReadonlySet<string>;
  /** The queues' parameters, one line per queue in a stable order. */
  readonly queues: string;
}

export class KeptScheduler {
  #kept: Kept | null = null;
  /** Whether the last cycle built its state afresh or kept the one before. */
  #last: "built" | "kept" = "built";

  /** `maintenanceLeadSeconds`: nodes close to new work this long before a window starts. */
  constructor(
    private readonly db: Db,
    private readonly policy: SchedulerPolicy,
    private readonly maintenanceLeadSeconds: number,
  ) {}

  get last(): "built" | "kept" {
    return this.#last;
  }

  /** Drops the state (leadership lost, a failed cycle): the next cycle builds it afresh. */
  reset(): void {
    this.#kept = null;
  }

  /**
   * Brings the state up to date and runs a cycle on it. `onGone` hears of every workload that is
   * no longer active. Workloads placed or preempted are forgotten, to be read again next cycle.
   */
  async cycle(fleet: FleetView, epoch: number, now: Date, onGone: (workloadId: string) => void): Promise<Decisions> {
    const db = this.db;
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const [keys, queueRows, usage, closed] = await Promise.all([
      this.#kept === null ? null : readActiveKeys(db),
      db.select().from(queues),
      db.select().from(queueUsage),
      this.#closedNodes(fleet, now),
    ]);
    const usageByProject = new Map(usage.map((u) => [u.projectId, u]));
    const queueInputs: QueueInput[] = queueRows.map((q) => ({
      projectId: q.projectId,
      parameters: fromStored<QueueParameters>(q.parameters),
      decayedUsage: usageByProject.get(q.projectId)?.decayedSeconds ?? 0,
      usageAsOf: Math.floor((usageByProject.get(q.projectId)?.asOf.getTime() ?? now.getTime()) / 1000),
    }));
    const queueParameters = queueRows
      .map((q) => `${q.projectId}\u0000${JSON.stringify(q.parameters)}`)
      .sort()
      .join("\n");
    let kept = this.#kept;
    if (kept !== null && (kept.epoch !== epoch || kept.fleet !== fleet || kept.queues !== queueParameters || !sameSet(kept.closed, closed))) kept = null;
    if (kept !== null && keys !== null) {
      const diff = kept.live.diff(keys);
      for (const id of diff.gone) onGone(id);
      const facts = await readActiveFacts(db, diff.changed);
      try {
        kept.live.apply(diff, facts, nowSeconds);
        this.#last = "kept";
      } catch {
        // A change the state cannot take (work on capacity it counts as used): build it afresh.
        kept = null;
      }
    }
    if (kept === null) {
      this.#kept = null;
      const live = LiveState.build(
        { nodes: fleet.nodes(), kindOfModel: (m) => fleet.models.get(m)?.kind ?? "gpu", closed, queues: queueInputs, workloads: await readActiveFacts(db) },
        this.policy,
      );
      kept = { live, epoch, fleet, closed, queues: queueParameters };
      this.#last = "built";
    }
    kept.live.setUsage(queueInputs);
    this.#kept = kept;
    const decisions = kept.live.state.cycle(nowSeconds);
    kept.live.forget([...decisions.placements.map((p) => p.workload), ...decisions.preemptions.map((p) => p.workload)]);
    return decisions;
  }

  /** Takes placements the store did not commit (the workload was cancelled meanwhile) out of the state. */
  withdraw(workloadIds: readonly string[], nowSeconds: number): void {
    if (workloadIds.length > 0) this.#kept?.live.withdraw(workloadIds, nowSeconds);
  }

  /** Drained nodes, nodes a cluster reports drained or down, and nodes of a maintenance window that starts within the lead. */
  async #closedNodes(fleet: FleetView, now: Date): Promise<Set<string>> {
    const db = this.db;
    const [drains, windows, inventory] = await Promise.all([
      db.select({ node: nodeDrains.node }).from(nodeDrains),
      db.select().from(maintenanceWindows).where(and(isNull(maintenanceWindows.cancelledAt), sql`${maintenanceWindows.endsAt} > ${now}`)),
      db.select({ node: nodeInventory.node }).from(nodeInventory).where(inArray(nodeInventory.state, ["drained", "draining", "down"])),
    ]);
    const closed = new Set<string>([...drains.map((d) => d.node), ...inventory.map((n) => n.node)]);
    const soon = now.getTime() + this.maintenanceLeadSeconds * 1000;
    const windowed = windows.filter((w) => w.startsAt.getTime() <= soon);
    if (windowed.length > 0) {
      for (const node of fleet.nodes()) {
        for (const w of windowed) {
          const nodes = w.nodes as string[] | null;
          if (w.cluster === node.cluster && (nodes === null || nodes.includes(node.id))) closed.add(node.id);
        }
      }
    }
    return closed;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
