/**
 * The platform is the source of truth for the clusters' accounts (issue 5, item 4): one account per
 * project with an active allocation, its members' Linux users, and as limit GrpTRESMins per GRES
 * type of the cluster equal to the allocation's released hours of that type's class. Slurm limits a
 * type, the platform a class; so Slurm's limit is a backstop on every type of the class, and the
 * platform's balance (reserved at submission, metered while running) is the exact check.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Allocation } from "../../domain/programs/allocation.js";
import { slurmAccountOf } from "../../domain/workloads/workload.js";
import type { AccountSpec, AccountSyncReport, ClusterExecutor } from "../../executors/cluster-executor.js";
import { fromStored } from "../../store/json-codec.js";
import { allocations, people, projectMembers, projects } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";
import type { FleetView } from "../workloads/fleet-view.js";

/** The accounts a cluster should have, from the allocations and project members in the store. */
export async function desiredAccounts(db: Db, fleet: FleetView, cluster: string, gresType: (cluster: string, model: string) => string): Promise<AccountSpec[]> {
  const rows = await db
    .select({ projectId: projects.id, title: projects.title, data: allocations.data })
    .from(allocations)
    .innerJoin(projects, eq(projects.id, allocations.projectId))
    .where(eq(allocations.status, "active"));
  if (rows.length === 0) return [];
  const members = await db
    .select({ projectId: projectMembers.projectId, linuxUser: people.linuxUser })
    .from(projectMembers)
    .innerJoin(people, eq(people.id, projectMembers.personId))
    .where(and(inArray(projectMembers.projectId, rows.map((r) => r.projectId)), isNotNull(people.linuxUser)));
  const usersOf = new Map<string, string[]>();
  for (const m of members) usersOf.set(m.projectId, [...(usersOf.get(m.projectId) ?? []), m.linuxUser!]);
  const models = fleet.partitions.filter((p) => p.cluster === cluster);
  return rows.map((r) => {
    const allocation = fromStored<Allocation>(r.data);
    const gpuMinutes: Record<string, number> = {};
    for (const g of allocation.grants) {
      for (const p of models.filter((m) => m.acceleratorClass === g.acceleratorClass)) gpuMinutes[gresType(cluster, p.model)] = Number(g.releasedHours) * 60;
    }
    return { name: slurmAccountOf(r.projectId), description: r.title.slice(0, 100), users: [...new Set(usersOf.get(r.projectId) ?? [])].sort(), gpuMinutes };
  });
}

/** Syncs every cluster; a cluster that fails is reported and the others still sync. */
export async function syncAllAccounts(
  db: Db,
  fleet: FleetView,
  executors: Iterable<ClusterExecutor>,
  gresType: (cluster: string, model: string) => string,
): Promise<Map<string, AccountSyncReport | Error>> {
  const out = new Map<string, AccountSyncReport | Error>();
  for (const executor of executors) {
    try {
      out.set(executor.clusterId, await executor.syncAccounts(await desiredAccounts(db, fleet, executor.clusterId, gresType)));
    } catch (error) {
      out.set(executor.clusterId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return out;
}
