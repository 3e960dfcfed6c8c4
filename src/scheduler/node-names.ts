/**
 * Node names to node numbers: an open-addressing hash table (linear probing, at most half full)
 * of node numbers in one Int32Array, hashed with FNV-1a over the name's UTF-16 code units.
 * Loading a snapshot puts 51,071 names in and looks up each running workload's nodes. A Map did
 * the same with a table grown by doubling, rehashing each time and allocating the tables on the
 * heap: here one array of twice the node count is allocated once, and the names themselves are
 * kept only in the caller's array (a slot holds a node number; its name is `names[number]`).
 * O(name length) per insert or lookup.
 */
export class NodeNames {
  readonly #names: readonly string[];
  readonly #slots: Int32Array;
  readonly #mask: number;

  /** Indexes `names` (node i is names[i]); throws on a name given twice. */
  constructor(names: readonly string[]) {
    this.#names = names;
    let size = 16;
    while (size < 2 * names.length) size *= 2;
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    for (let i = 0; i < names.length; i++) this.#insert(i);
  }

  get size(): number {
    return this.#names.length;
  }

  /** The number of the node with this name, or undefined. */
  get(name: string): number | undefined {
    const slots = this.#slots;
    const names = this.#names;
    for (let s = hash(name) & this.#mask; ; s = (s + 1) & this.#mask) {
      const i = slots[s]!;
      if (i === -1) return undefined;
      if (names[i] === name) return i;
    }
  }

  #insert(i: number): void {
    const slots = this.#slots;
    const name = this.#names[i]!;
    let s = hash(name) & this.#mask;
    for (; slots[s] !== -1; s = (s + 1) & this.#mask) if (this.#names[slots[s]!] === name) throw new Error(`node ${name} appears twice in the snapshot`);
    slots[s] = i;
  }
}

/** FNV-1a, 32 bits. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h;
}
