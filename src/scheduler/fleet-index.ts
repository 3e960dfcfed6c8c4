/**
 * Free-capacity indexes over the fleet, updated incrementally. Nodes are grouped into partitions
 * (one cluster's nodes of one model: a gang never mixes clusters or models), pods and NVLink
 * domains. Each group keeps `atLeast[k]`, the number of its schedulable nodes with at least k free
 * accelerators, so "is there room for m nodes x k here?" is O(1); each partition also keeps its
 * nodes in buckets by exact free count for O(node size) best-fit of single-node workloads.
 * Changing one node's free count costs O(accelerators per node) (at most 8 in the fleet files).
 * NVLink domains are the most numerous group (one per node on HGX systems), so their counters and
 * node lists live in flat typed arrays indexed by domain number rather than in an object each;
 * the index is built in two passes over the nodes, O(nodes x node size).
 */
import { NodeNames } from "./node-names.js";
import type { NodeSnapshot } from "./types.js";

/** One cluster's nodes of one model. */
export interface Partition {
  readonly index: number;
  readonly cluster: string;
  readonly model: string;
  readonly acceleratorClass: string;
  readonly kind: "gpu" | "npu";
  /** The largest node size in the partition. */
  readonly nodeSize: number;
  readonly pods: number[];
  readonly nodeCount: number;
  /** atLeast[k]: schedulable nodes with >= k free. */
  readonly atLeast: Int32Array;
  /** buckets[f]: schedulable nodes with exactly f free. */
  readonly buckets: number[][];
  capacity: number;
  /** Nodes in the partition's largest pod. */
  maxPodNodes: number;
}

/** An InfiniBand leaf group inside a partition. */
export interface Pod {
  readonly id: string;
  readonly partition: number;
  readonly domains: number[];
  readonly atLeast: Int32Array;
  /** Nodes in the pod. */
  size: number;
}


/** Mutable free-capacity index; see the module comment. */
export class FleetIndex {
  readonly nodeIds: string[];
  /** Node numbers by name (node-names.ts). */
  readonly nodeByName: NodeNames;
  readonly capacity: Int32Array;
  /** Free accelerators as the scheduler counts them: 0 on unschedulable nodes. */
  readonly free: Int32Array;
  readonly schedulable: Uint8Array;
  readonly partitionOf: Int32Array;
  readonly podOf: Int32Array;
  readonly domainOf: Int32Array;
  readonly partitions: Partition[] = [];
  readonly pods: Pod[] = [];
  /** Domain d's atLeast[k] is domainAtLeast[domainBase[d] + k] (k up to its partition's node size). */
  readonly domainAtLeast: Int32Array;
  readonly domainBase: Int32Array;
  /** Domain d's nodes, in snapshot order: domainNodes[domainStart[d] .. domainStart[d + 1]). */
  readonly domainStart: Int32Array;
  readonly domainNodes: Int32Array;
  readonly #bucketPos: Int32Array;
  readonly #byModel = new Map<string, number[]>();
  readonly #byClass = new Map<string, number[]>();
  readonly #gpuPartitions: number[] = [];
  /** Total accelerators installed on schedulable nodes. */
  totalCapacity = 0;

  constructor(nodes: readonly NodeSnapshot[]) {
    const n = nodes.length;
    this.nodeIds = new Array<string>(n);
    this.capacity = new Int32Array(n);
    this.free = new Int32Array(n);
    this.schedulable = new Uint8Array(n);
    this.partitionOf = new Int32Array(n);
    this.podOf = new Int32Array(n);
    this.domainOf = new Int32Array(n);
    this.#bucketPos = new Int32Array(n);
    const { partSize, partNodes, meta, podMeta, domPod, domSize } = groupNodes(nodes, this.nodeIds, this.partitionOf, this.podOf, this.domainOf);
    this.nodeByName = new NodeNames(this.nodeIds);
    meta.forEach((m, p) => {
      const size = partSize[p] ?? 0;
      this.partitions.push({
        index: p,
        cluster: m.cluster,
        model: m.model,
        acceleratorClass: m.cls,
        kind: m.kind,
        nodeSize: size,
        pods: [],
        nodeCount: partNodes[p] ?? 0,
        atLeast: new Int32Array(size + 1),
        buckets: Array.from({ length: size + 1 }, () => []),
        capacity: 0,
        maxPodNodes: 0,
      });
      push(this.#byModel, m.model, p);
      push(this.#byClass, m.cls, p);
      if (m.kind === "gpu") this.#gpuPartitions.push(p);
    });
    for (let q = 0; q < podMeta.length; q++) {
      const m = podMeta[q]!;
      const part = this.partitions[m.partition]!;
      this.pods.push({ id: m.id, partition: m.partition, domains: m.domains, atLeast: new Int32Array(part.nodeSize + 1), size: m.size });
      part.pods.push(q);
      part.maxPodNodes = Math.max(part.maxPodNodes, m.size);
    }
    // Domains: counters at a stride of their partition's node size + 1, node lists by counting sort.
    const domains = domPod.length;
    this.domainBase = new Int32Array(domains);
    this.domainStart = new Int32Array(domains + 1);
    const stride = this.partitions.map((part) => part.nodeSize + 1);
    this.domainAtLeast = new Int32Array(layoutDomains(podMeta, domPod, domSize, stride, this.domainBase, this.domainStart));
    this.domainNodes = new Int32Array(n);
    const fill = this.domainStart.slice(0, domains);
    this.#fill(nodes, fill);
  }

  /** Pass 2: free counts, buckets and counters; `fill[d]`: the next slot of domain d's node list. */
  #fill(nodes: readonly NodeSnapshot[], fill: Int32Array): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const part = this.partitions[this.partitionOf[i]!]!;
      this.domainNodes[fill[this.domainOf[i]!]!++] = i;
      this.capacity[i] = node.accelerators;
      this.schedulable[i] = node.schedulable ? 1 : 0;
      if (node.free < 0 || node.free > node.accelerators) throw new Error(`node ${node.id} has ${node.free} free of ${node.accelerators}`);
      const eff = node.schedulable ? node.free : 0;
      this.free[i] = eff;
      if (node.schedulable) {
        part.capacity += node.accelerators;
        this.totalCapacity += node.accelerators;
      }
      const bucket = part.buckets[eff]!;
      this.#bucketPos[i] = bucket.length;
      bucket.push(i);
      this.#count(i, 0, eff);
    }
  }

  /** Number of NVLink domains. */
  get domainCount(): number {
    return this.domainBase.length;
  }

  /** Partitions that can serve a request for a model, a class or any GPU (unknown names: none). */
  partitionsFor(kind: "model" | "class" | "any-gpu", name: string): readonly number[] {
    if (kind === "model") return this.#byModel.get(name) ?? [];
    if (kind === "class") return this.#byClass.get(name) ?? [];
    return this.#gpuPartitions;
  }

  /** Takes `k` accelerators on node `i`; throws if fewer are free (a bug in the caller). */
  allocate(i: number, k: number): void {
    const a = this.free[i] ?? 0;
    if (k > a) throw new Error(`over-placement on ${this.nodeIds[i]}: ${k} asked, ${a} free`);
    this.#set(i, a - k);
  }

  /** Returns `k` accelerators to node `i` (ignored on unschedulable nodes). */
  release(i: number, k: number): void {
    if (this.schedulable[i] === 0) return;
    const a = this.free[i] ?? 0;
    this.#set(i, Math.min(this.capacity[i] ?? 0, a + k));
  }

  /** Free accelerators sitting on nodes that are entirely free, and all free accelerators. */
  freeSplit(): { wholeNodeFree: number; free: number } {
    let whole = 0;
    let free = 0;
    for (const p of this.partitions) {
      whole += (p.atLeast[p.nodeSize] ?? 0) * p.nodeSize;
      for (let f = 1; f <= p.nodeSize; f++) free += f * (p.buckets[f]?.length ?? 0);
    }
    return { wholeNodeFree: whole, free };
  }

  #set(i: number, b: number): void {
    const a = this.free[i] ?? 0;
    if (a === b) return;
    const part = this.partitions[this.partitionOf[i] ?? 0]!;
    const from = part.buckets[a]!;
    const pos = this.#bucketPos[i] ?? 0;
    const last = from.pop()!;
    if (last !== i) {
      from[pos] = last;
      this.#bucketPos[last] = pos;
    }
    const to = part.buckets[b]!;
    this.#bucketPos[i] = to.length;
    to.push(i);
    this.free[i] = b;
    this.#count(i, a, b);
  }

  #count(i: number, a: number, b: number): void {
    if (a === b) return;
    const part = this.partitions[this.partitionOf[i] ?? 0]!.atLeast;
    const pod = this.pods[this.podOf[i] ?? 0]!.atLeast;
    const dom = this.domainAtLeast;
    const base = this.domainBase[this.domainOf[i] ?? 0]!;
    if (b > a) {
      for (let k = a + 1; k <= b; k++) {
        part[k]!++;
        pod[k]!++;
        dom[base + k]!++;
      }
    } else {
      for (let k = b + 1; k <= a; k++) {
        part[k]!--;
        pod[k]!--;
        dom[base + k]!--;
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Partitions, pods and NVLink domains of the nodes, as numbers, with their sizes (pass 1 of the index). */
interface Grouping {
  readonly partSize: number[];
  readonly partNodes: number[];
  readonly meta: { cluster: string; model: string; cls: string; kind: "gpu" | "npu" }[];
  readonly podMeta: { id: string; partition: number; domains: number[]; size: number }[];
  readonly domPod: number[];
  readonly domSize: number[];
}

/**
 * Pass 1 of the index: numbers each node's partition, pod and domain (written to `partitionOf`,
 * `podOf`, `domainOf`) and its name (`nodeIds`). A function of its own, not a loop
 * of the constructor: the constructor runs once per snapshot, and V8 kept the code it optimised
 * in the middle of a long loop there (on-stack replacement) and threw it away again at the first
 * line after the loop, on every build (a deoptimisation, then the rest of the build unoptimised).
 */
function groupNodes(
  nodes: readonly NodeSnapshot[],
  nodeIds: string[],
  partitionOf: Int32Array,
  podOf: Int32Array,
  domainOf: Int32Array,
): Grouping {
  // Grouping keys are nested maps of the snapshot's own strings (no concatenated keys), and
  // consecutive nodes usually share cluster, model, pod and domain, so the last group is reused.
  const partKey = new Map<string, Map<string, number>>();
  const podKey: Map<string, number>[] = [];
  const domKey: Map<string, number>[] = [];
  // Pass 1: ids of partitions, pods and domains; each partition's node size.
  const partSize: number[] = [];
  const partNodes: number[] = [];
  const meta: { cluster: string; model: string; cls: string; kind: "gpu" | "npu" }[] = [];
  const podMeta: { id: string; partition: number; domains: number[]; size: number }[] = [];
  const domPod: number[] = [];
  const domSize: number[] = [];
  let lastCluster: string | undefined;
  let lastModel: string | undefined;
  let lastPod: string | undefined;
  let lastDom: string | undefined;
  let p = -1;
  let pod = -1;
  let dom = -1;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    nodeIds[i] = node.id;
    if (node.cluster !== lastCluster || node.model !== lastModel) {
      lastCluster = node.cluster;
      lastModel = node.model;
      lastPod = undefined;
      let byModel = partKey.get(node.cluster);
      if (!byModel) partKey.set(node.cluster, (byModel = new Map()));
      let q = byModel.get(node.model);
      if (q === undefined) {
        q = partSize.length;
        byModel.set(node.model, q);
        partSize.push(0);
        partNodes.push(0);
        podKey.push(new Map());
        meta.push({ cluster: node.cluster, model: node.model, cls: node.acceleratorClass, kind: node.kind });
      }
      p = q;
    }
    if (node.accelerators > partSize[p]!) partSize[p] = node.accelerators;
    partNodes[p]!++;
    partitionOf[i] = p;
    if (node.pod !== lastPod) {
      const pods = podKey[p]!;
      let q = pods.get(node.pod);
      if (q === undefined) {
        q = podMeta.length;
        pods.set(node.pod, q);
        podMeta.push({ id: node.pod, partition: p, domains: [], size: 0 });
        domKey.push(new Map());
      }
      pod = q;
      lastPod = node.pod;
      lastDom = undefined;
    }
    if (node.nvlinkDomain !== lastDom) {
      const doms = domKey[pod]!;
      let d = doms.get(node.nvlinkDomain);
      if (d === undefined) {
        d = domPod.length;
        doms.set(node.nvlinkDomain, d);
        domPod.push(pod);
        domSize.push(0);
        podMeta[pod]!.domains.push(d);
      }
      dom = d;
      lastDom = node.nvlinkDomain;
    }
    domSize[dom]!++;
    podMeta[pod]!.size++;
    podOf[i] = pod;
    domainOf[i] = dom;
  }
  return { partSize, partNodes, meta, podMeta, domPod, domSize };
}

/**
 * Lays out the domains' counters (`base[d]`: where domain d's start, at its partition's stride) and
 * node lists (`start[d]`, by their sizes); returns the counters' total length. A function of its
 * own for the reason given at groupNodes.
 */
function layoutDomains(podMeta: Grouping["podMeta"], domPod: readonly number[], domSize: readonly number[], stride: readonly number[], base: Int32Array, start: Int32Array): number {
  let at = 0;
  for (let d = 0; d < domPod.length; d++) {
    base[d] = at;
    at += stride[podMeta[domPod[d]!]!.partition]!;
    start[d + 1] = start[d]! + domSize[d]!;
  }
  return at;
}
