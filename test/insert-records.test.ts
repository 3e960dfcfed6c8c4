/** insertRecords writes what a row-by-row insert would, on every engine, for awkward values too. */
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "../src/store/ids.js";
import { insertRecords } from "../src/store/insert-records.js";
import { auditEvents } from "../src/store/schema/index.js";
import type { Store } from "../src/store/store.js";
import { describeEachStore, openTestStore } from "./support/stores.js";

describeEachStore("insertRecords", (kind) => {
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
    await store.transaction((tx) => insertRecords(tx, auditEvents, rows));
    const stored = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.chain));
    expect(stored).toEqual(rows);
  });

  it("refuses rows that set different columns", async () => {
    const row = { id: newId(), chain: "c", seq: 1n, at: new Date(), actor: "a", action: "a", subjectType: "t", subjectId: "s", digest: "d", prevHash: "p", hash: "h", seal: "s" };
    await expect(store.transaction((tx) => insertRecords(tx, auditEvents, [row, { ...row, id: newId(), seal: undefined as unknown as string }]))).rejects.toThrow(/seal is set in the first row/);
  });
});
