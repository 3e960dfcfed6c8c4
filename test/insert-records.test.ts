/** insertRecordsSql writes what a row-by-row insert would, on every engine, for awkward values too. */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "../src/store/ids.js";
import { executeTogether, insertRecordsSql } from "../src/store/insert-records.js";
import { auditEvents } from "../src/store/schema/index.js";
import type { Store } from "../src/store/store.js";
import { describeEachStore, openTestStore } from "./support/stores.js";

describeEachStore("insertRecordsSql", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  it("round-trips text, bigints past 2^53 and millisecond instants", async () => {
    const at = new Date("2026-11-29T03:04:05.678Z");
    const rows = ["따옴표 \"와\" 역슬래시 \\ 그리고 'quote'", "tab\tnewline\nemoji 🚀", "{\"json\": [1, 2]}"].map((text, i) => ({
      id: newId(at),
      chain: `chain-${i}`,
      seq: 9_007_199_254_740_993n + BigInt(i),
      at,
      actor: text,
      action: "test.inserted",
      subjectType: "test",
      subjectId: text,
      digest: "d",
      prevHash: "p",
      hash: "h",
      seal: "s",
    }));
    await store.transaction((tx) => executeTogether(tx, [insertRecordsSql(auditEvents, rows)]));
    const stored = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.chain));
    expect(stored).toEqual(rows);
  });

  it("refuses rows that set different columns", async () => {
    const row = { id: newId(), chain: "c", seq: 1n, at: new Date(), actor: "a", action: "a", subjectType: "t", subjectId: "s", digest: "d", prevHash: "p", hash: "h", seal: "s" };
    expect(() => insertRecordsSql(auditEvents, [row, { ...row, id: newId(), seal: undefined as unknown as string }])).toThrow(/seal is set in the first row/);
  });

  it("runs writes together as one statement: all of them, or none when one fails", async () => {
    const row = (chain: string, seq: bigint) => ({ id: newId(), chain, seq, at: new Date(), actor: "a", action: "a", subjectType: "t", subjectId: "s", digest: "d", prevHash: "p", hash: "h", seal: "s" });
    await store.transaction((tx) => executeTogether(tx, [insertRecordsSql(auditEvents, [row("together", 1n)]), insertRecordsSql(auditEvents, [row("together", 2n), row("together", 3n)])]));
    expect((await store.db.select().from(auditEvents).where(eq(auditEvents.chain, "together"))).map((r) => r.seq).sort()).toEqual([1n, 2n, 3n]);
    // (chain, seq) is unique: the second write fails, and the first is not kept either.
    await expect(store.transaction((tx) => executeTogether(tx, [insertRecordsSql(auditEvents, [row("apart", 1n)]), insertRecordsSql(auditEvents, [row("together", 1n)])]))).rejects.toThrow();
    expect(await store.db.select().from(auditEvents).where(eq(auditEvents.chain, "apart"))).toEqual([]);
  });
});
