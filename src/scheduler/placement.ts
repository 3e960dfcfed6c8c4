/**
 * Gang placement on the free-capacity index: choose a shape (nodes x accelerators per node, the same
 * on every node), then nodes. Single-node workloads take the best-fitting node (fewest free
 * accelerators that still fit) across candidate partitions: O(partitions x node size). Multi-node
 * workloads stay in one partition (never across clusters); inside it they take the tightest pod
 * that holds the whole gang, and inside the pod the tightest NVLink domain that does, else the
 * fewest domains (largest first); a gang spans pods only when no pod can hold it and the policy
 * allows. Cost O(pods of the partition + nodes of the chosen pod).
 */
import type { FleetIndex, Partition } from "./fleet-index.js";
import type { Admitted } from "./request-plan.js";

/** Nodes x accelerators per node. */
export interface Shape {
  readonly nodes: number;
  readonly perNode: number;
}

/** A chosen set of nodes. */
export interface NodeChoice {
  readonly partition: number;
  readonly perNode: number;
  readonly nodes: readonly number[];
}

/**
 * The shape of `total` accelerators on nodes of `nodeSize`: one node if it fits, else the fewest
 * nodes that split the total evenly (12 on 8-GPU nodes: 2 x 6; 16: 2 x 8). Undefined if impossible.
 */
export function shapeFor(total: number, nodeSize: number, perNode?: number): Shape | undefined {
  if (total <= 0 || nodeSize <= 0) return undefined;
  if (perNode !== undefined) {
    if (perNode <= 0 || perNode > nodeSize || total % perNode !== 0) return undefined;
    return { nodes: total / perNode, perNode };
  }
  if (total <= nodeSize) return { nodes: 1, perNode: total };
  for (let m = Math.ceil(total / nodeSize); m <= total; m++) {
    if (total % m === 0) return { nodes: m, perNode: total / m };
  }
  return undefined;
}

/**
 * Where a request fits now, among the candidates quota admits: the best single node, else the
 * tightest pod of a candidate partition, else nodes across the pods of one partition where
 * `allowSpan` or no pod is large enough for the gang.
 */
export function findPlacement(index: FleetIndex, admits: Admitted, allowSpan: boolean): NodeChoice | undefined {
  if (admits.singles.length > 0) {
    const c = bestSingleNode(index, admits.singles, admits.singleK);
    if (c) return c;
  }
  for (const c of admits.candidates) {
    if (c.shape.nodes === 1) continue;
    const got = placeInPartition(index, c.part, c.shape.nodes, c.shape.perNode, false);
    if (got) return got;
  }
  for (const c of admits.candidates) {
    if (c.shape.nodes === 1 || !(allowSpan || c.shape.nodes > c.part.maxPodNodes)) continue;
    const got = placeInPartition(index, c.part, c.shape.nodes, c.shape.perNode, true);
    if (got) return got;
  }
  return undefined;
}

/** Accelerators a what-if adds to a node's free capacity (a reservation's hold on it). */
export interface Lift {
  readonly node: number;
  readonly amount: number;
}

/** The lifts of a what-if: on each partition, those of `in(p)` (at most one per node) that `counts` selects. */
export interface LiftView<L extends Lift> {
  readonly in: (partition: number) => readonly L[];
  readonly counts: (lift: L) => boolean;
}

/**
 * Whether findPlacement would find room were the lifts of `view` added to free capacity. Answered
 * from the counters without changing the index: per partition, and per pod where the gang must
 * stay in one, the nodes with k free plus the lifted nodes that would reach k. O(lifts on the
 * candidate partitions + their pods), against releasing and re-applying every lift.
 */
export function fitsWithLifts<L extends Lift>(index: FleetIndex, admits: Admitted, allowSpan: boolean, view: LiftView<L>): boolean {
  const k1 = admits.singleK;
  for (const p of admits.singles) {
    if (k1 <= index.partitions[p]!.nodeSize && nodesReaching(index, p, k1, view, 1) > 0) return true;
  }
  for (const c of admits.candidates) {
    const { nodes: m, perNode: k } = c.shape;
    const part = c.part;
    if (m === 1 || k > part.nodeSize || nodesReaching(index, part.index, k, view, m) < m) continue;
    if (allowSpan || m > part.maxPodNodes) return true;
    // The gang must stay in one pod: count the lifted nodes per pod, only now that the partition has enough.
    const podLifts = new Map<number, number>();
    nodesReaching(index, part.index, k, view, Infinity, podLifts);
    if (bestPodWith(index, part, k, podLifts) >= m) return true;
  }
  return false;
}

/** A lifted node's free accelerators once its lift is added, or -1 when the lift does not count (not selected, or the node is drained). */
function liftedFree<L extends Lift>(index: FleetIndex, view: LiftView<L>, l: L): number {
  if (index.schedulable[l.node] === 0 || !view.counts(l)) return -1;
  return Math.min(index.capacity[l.node]!, index.free[l.node]! + l.amount);
}

/**
 * Schedulable nodes of partition `p` with `k` free once the lifts of `view` are added, counted up
 * to `enough`; with `podLifts`, every lifted one also counted for its pod there.
 */
function nodesReaching<L extends Lift>(index: FleetIndex, p: number, k: number, view: LiftView<L>, enough: number, podLifts?: Map<number, number>): number {
  let count = index.partitions[p]!.atLeast[k] ?? 0;
  for (const l of view.in(p)) {
    if (count >= enough) break;
    if (index.free[l.node]! >= k || liftedFree(index, view, l) < k) continue;
    count++;
    if (podLifts) podLifts.set(index.podOf[l.node]!, (podLifts.get(index.podOf[l.node]!) ?? 0) + 1);
  }
  return count;
}

/** Most nodes with `k` free in one pod of the partition, counting `podLifts` more per pod. */
function bestPodWith(index: FleetIndex, part: Partition, k: number, podLifts: ReadonlyMap<number, number> | undefined): number {
  let best = 0;
  for (const p of part.pods) best = Math.max(best, (index.pods[p]!.atLeast[k] ?? 0) + (podLifts?.get(p) ?? 0));
  return best;
}

/** The best single node with at least `k` free over the partitions, by best fit. */
export function bestSingleNode(index: FleetIndex, partitions: readonly number[], k: number): NodeChoice | undefined {
  let bestFree = Infinity;
  let bestPartition = -1;
  let bestNode = -1;
  for (const p of partitions) {
    const part = index.partitions[p]!;
    if (k > part.nodeSize) continue;
    for (let f = k; f <= part.nodeSize && f < bestFree; f++) {
      const bucket = part.buckets[f]!;
      if (bucket.length > 0) {
        bestFree = f;
        bestPartition = p;
        bestNode = bucket[bucket.length - 1]!;
        break;
      }
    }
  }
  return bestPartition < 0 ? undefined : { partition: bestPartition, perNode: k, nodes: [bestNode] };
}

/** Places m x k inside one partition; `allowSpan` lets it cross pods. */
export function placeInPartition(index: FleetIndex, part: Partition, m: number, k: number, allowSpan: boolean): NodeChoice | undefined {
  if (k > part.nodeSize || (part.atLeast[k] ?? 0) < m) return undefined;
  if (m === 1) return bestSingleNode(index, [part.index], k);
  let bestPod = -1;
  let bestCount = Infinity;
  for (const pod of part.pods) {
    const c = index.pods[pod]!.atLeast[k] ?? 0;
    if (c >= m && c < bestCount) {
      bestCount = c;
      bestPod = pod;
    }
  }
  if (bestPod >= 0) return { partition: part.index, perNode: k, nodes: pickInPods(index, [bestPod], m, k) };
  if (!allowSpan) return undefined;
  return { partition: part.index, perNode: k, nodes: pickInPods(index, podsByRoom(index, part, k), m, k) };
}

/**
 * The partition's pods with a node of `k` free, most such nodes first. Apart from
 * placeInPartition: its arrows capture `index` and `k`, and V8 allocates the context they share on
 * every call of the function that holds them (every multi-node search), not only on this path.
 */
function podsByRoom(index: FleetIndex, part: Partition, k: number): number[] {
  const pods = part.pods.filter((p) => (index.pods[p]!.atLeast[k] ?? 0) > 0);
  return pods.sort((a, b) => (index.pods[b]!.atLeast[k] ?? 0) - (index.pods[a]!.atLeast[k] ?? 0) || a - b);
}

/** Largest number of nodes with >= k free in one pod / in the whole partition, with the lifts of `view` if given. */
export function bestCounts<L extends Lift>(index: FleetIndex, part: Partition, k: number, view?: LiftView<L>): { pod: number; partition: number } {
  if (k > part.nodeSize) return { pod: 0, partition: 0 };
  if (!view) return { pod: bestPodWith(index, part, k, undefined), partition: part.atLeast[k] ?? 0 };
  const podLifts = new Map<number, number>();
  const partition = nodesReaching(index, part.index, k, view, Infinity, podLifts);
  return { pod: bestPodWith(index, part, k, podLifts), partition };
}

/** Most accelerators free on one node of the partition, with the lifts of `view` if given. */
export function bestFreeOnNode<L extends Lift>(index: FleetIndex, part: Partition, view?: LiftView<L>): number {
  let best = 0;
  for (let x = part.nodeSize; x > 0; x--) {
    if ((part.buckets[x]?.length ?? 0) > 0) {
      best = x;
      break;
    }
  }
  if (view) for (const l of view.in(part.index)) best = Math.max(best, liftedFree(index, view, l));
  return best;
}

function pickInPods(index: FleetIndex, pods: readonly number[], m: number, k: number): number[] {
  const out: number[] = [];
  for (const pod of pods) {
    if (out.length === m) break;
    const need = m - out.length;
    const at = index.domainAtLeast;
    const base = index.domainBase;
    const domains = index.pods[pod]!.domains.filter((d) => at[base[d]! + k]! > 0);
    // The tightest single domain that holds what is still needed, else the largest domains first.
    let single = -1;
    let singleCount = Infinity;
    for (const d of domains) {
      const c = at[base[d]! + k]!;
      if (c >= need && c < singleCount) {
        single = d;
        singleCount = c;
      }
    }
    const order = single >= 0 ? [single] : domains.sort((a, b) => at[base[b]! + k]! - at[base[a]! + k]! || a - b);
    for (const d of order) {
      const nodes: number[] = [];
      for (let j = index.domainStart[d]!; j < index.domainStart[d + 1]!; j++) {
        const i = index.domainNodes[j]!;
        if (index.free[i]! >= k) nodes.push(i);
      }
      // Best fit inside the domain: the fullest nodes first, whole nodes last.
      nodes.sort((a, b) => (index.free[a] ?? 0) - (index.free[b] ?? 0) || a - b);
      for (const i of nodes) {
        out.push(i);
        if (out.length === m) return out;
      }
    }
  }
  return out;
}
