/**
 * Free-capacity indexes over the fleet, updated incrementally. Nodes are grouped into partitions
 * (one cluster's nodes of one model: a gang never mixes clusters or models), pods and NVLink
 * domains. Each group keeps `atLeast[k]`, the number of its schedulable nodes with at least k free
 * accelerators, so "is there room for m nodes x k here?" is O(1); each partition also keeps its
 * nodes in buckets by exact free count for O(node size) best-fit of single-node workloads.
 * Changing one node's free count costs O(accelerators per node) (at most 8 in the fleet files).
 */
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

/** An NVLink domain inside a pod. */
export interface Domain {
  readonly id: string;
  readonly pod: number;
  readonly nodes: number[];
  readonly atLeast: Int32Array;
}

/** Mutable free-capacity index; see the module comment. */
export class FleetIndex {
  readonly nodeIds: string[] = [];
  readonly nodeByName = new Map<string, number>();
  readonly capacity: Int32Array;
  /** Free accelerators as the scheduler counts them: 0 on unschedulable nodes. */
  readonly free: Int32Array;
  readonly schedulable: Uint8Array;
  readonly partitionOf: Int32Array;
  readonly podOf: Int32Array;
  readonly domainOf: Int32Array;
  readonly partitions: Partition[] = [];
  readonly pods: Pod[] = [];
  readonly domains: Domain[] = [];
  readonly #bucketPos: Int32Array;
  readonly #byModel = new Map<string, number[]>();
  readonly #byClass = new Map<string, number[]>();
  readonly #gpuPartitions: number[] = [];
  /** Total accelerators installed on schedulable nodes. */
  totalCapacity = 0;

  constructor(nodes: readonly NodeSnapshot[]) {
    const n = nodes.length;
    this.capacity = new Int32Array(n);
    this.free = new Int32Array(n);
    this.schedulable = new Uint8Array(n);
    this.partitionOf = new Int32Array(n);
    this.podOf = new Int32Array(n);
    this.domainOf = new Int32Array(n);
    this.#bucketPos = new Int32Array(n);
    // Grouping keys are nested maps of the snapshot's own strings (no concatenated keys), and
    // consecutive nodes usually share cluster, model, pod and domain, so the last group is reused.
    const partKey = new Map<string, Map<string, number>>();
    const podKey: Map<string, number>[] = [];
    const domKey: Map<string, number>[] = [];
    // Pass 1: group, and find each partition's node size.
    const partSize: number[] = [];
    const partNodes: number[] = [];
    const meta: { cluster: string; model: string; cls: string; kind: "gpu" | "npu" }[] = [];
    let lastCluster: string | undefined;
    let lastModel: string | undefined;
    let p = -1;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      this.nodeByName.set(node.id, i);
      if (this.nodeByName.size !== i + 1) throw new Error(`node ${node.id} appears twice in the snapshot`);
      this.nodeIds.push(node.id);
      if (node.cluster !== lastCluster || node.model !== lastModel) {
        lastCluster = node.cluster;
        lastModel = node.model;
        let byModel = partKey.get(node.cluster);
        if (!byModel) partKey.set(node.cluster, (byModel = new Map()));
        let q = byModel.get(node.model);
        if (q === undefined) {
          q = partSize.length;
          byModel.set(node.model, q);
          partSize.push(0);
          partNodes.push(0);
          meta.push({ cluster: node.cluster, model: node.model, cls: node.acceleratorClass, kind: node.kind });
        }
        p = q;
      }
      if (node.accelerators > partSize[p]!) partSize[p] = node.accelerators;
      partNodes[p]!++;
      this.partitionOf[i] = p;
    }
    meta.forEach((m, p) => {
      const size = partSize[p] ?? 0;
      const part: Partition = {
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
      };
      this.partitions.push(part);
      podKey.push(new Map());
      push(this.#byModel, m.model, p);
      push(this.#byClass, m.cls, p);
      if (m.kind === "gpu") this.#gpuPartitions.push(p);
    });
    // Pass 2: pods, domains, counts.
    let lastPart = -1;
    let lastPod: string | undefined;
    let lastDom: string | undefined;
    let pod = -1;
    let dom = -1;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      const p = this.partitionOf[i]!;
      const part = this.partitions[p]!;
      if (p !== lastPart || node.pod !== lastPod) {
        const pods = podKey[p]!;
        let q = pods.get(node.pod);
        if (q === undefined) {
          q = this.pods.length;
          pods.set(node.pod, q);
          this.pods.push({ id: node.pod, partition: p, domains: [], atLeast: new Int32Array(part.nodeSize + 1), size: 0 });
          domKey.push(new Map());
          part.pods.push(q);
        }
        pod = q;
        lastPart = p;
        lastPod = node.pod;
        lastDom = undefined;
      }
      if (node.nvlinkDomain !== lastDom) {
        const doms = domKey[pod]!;
        let d = doms.get(node.nvlinkDomain);
        if (d === undefined) {
          d = this.domains.length;
          doms.set(node.nvlinkDomain, d);
          this.domains.push({ id: node.nvlinkDomain, pod, nodes: [], atLeast: new Int32Array(part.nodeSize + 1) });
          this.pods[pod]!.domains.push(d);
        }
        dom = d;
        lastDom = node.nvlinkDomain;
      }
      this.domains[dom]!.nodes.push(i);
      this.pods[pod]!.size++;
      this.podOf[i] = pod;
      this.domainOf[i] = dom;
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
    for (const pod of this.pods) {
      const part = this.partitions[pod.partition]!;
      part.maxPodNodes = Math.max(part.maxPodNodes, pod.size);
    }
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
    const dom = this.domains[this.domainOf[i] ?? 0]!.atLeast;
    if (b > a) {
      for (let k = a + 1; k <= b; k++) {
        part[k] = (part[k] ?? 0) + 1;
        pod[k] = (pod[k] ?? 0) + 1;
        dom[k] = (dom[k] ?? 0) + 1;
      }
    } else {
      for (let k = b + 1; k <= a; k++) {
        part[k] = (part[k] ?? 0) - 1;
        pod[k] = (pod[k] ?? 0) - 1;
        dom[k] = (dom[k] ?? 0) - 1;
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
