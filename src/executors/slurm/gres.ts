/**
 * GRES strings as Slurm writes them (`gpu:h100:8`, `gpu:h100:8(S:0-1)`, `gpu:4,shard:8`): the
 * request a job sends and the GPUs a node declares.
 */

/** The GPUs a node declares: their type (null for untyped `gpu:<n>`) and how many. */
export interface GpuGres {
  readonly type: string | null;
  readonly count: number;
}

/** The per-node GRES request of a job: `gpu:<type>:<n>`. */
export function formatGpuGres(type: string, perNode: number): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(type)) throw new RangeError(`GRES type ${JSON.stringify(type)} is not a Slurm GRES type name`);
  if (!Number.isInteger(perNode) || perNode < 1) throw new RangeError(`accelerators per node must be a positive integer, not ${perNode}`);
  return `gpu:${type}:${perNode}`;
}

/**
 * The GPUs in a node's GRES string, or null when it declares none. Several typed entries
 * (`gpu:a:4,gpu:b:4`) add up; the type is then the first one's.
 */
export function parseGpuGres(gres: string | null | undefined): GpuGres | null {
  if (!gres || gres === "(null)") return null;
  let found: { type: string | null; count: number } | null = null;
  for (const raw of gres.split(",")) {
    // Drop a socket or index suffix: `gpu:h100:8(S:0-1)`.
    const entry = raw.trim().replace(/\(.*\)$/, "");
    const parts = entry.split(":");
    if (parts[0] !== "gpu") continue;
    let type: string | null = null;
    let count = 1;
    if (parts.length === 2) {
      const n = Number(parts[1]);
      if (Number.isInteger(n)) count = n;
      else type = parts[1] ?? null;
    } else if (parts.length >= 3) {
      type = parts[1] ?? null;
      count = Number(parts[2]);
    }
    if (!Number.isInteger(count) || count < 0) continue;
    found = found === null ? { type, count } : { type: found.type ?? type, count: found.count + count };
  }
  return found;
}
