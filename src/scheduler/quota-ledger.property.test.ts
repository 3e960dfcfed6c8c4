// Property test of the quota ledger's reused refusals: after any history of usage changes, a
// refusal equals the one a fresh ledger with the same usage gives (nothing stale is reused).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuotaLedger } from "./quota-ledger.js";
import type { QueueSnapshot } from "./types.js";

const CLASSES = ["hopper", "npu"];

/** Four queues in two cohorts; q3 has no npu quota. */
function queues(): Map<string, QueueSnapshot> {
  const out = new Map<string, QueueSnapshot>();
  for (let i = 0; i < 4; i++) {
    const quotas: Record<string, { nominal: number; borrowingLimit: number; lendingLimit: number }> = {
      hopper: { nominal: 2 + i, borrowingLimit: 4, lendingLimit: 1 + (i % 2) },
    };
    if (i !== 3) quotas.npu = { nominal: 1, borrowingLimit: 2 + i, lendingLimit: 1 };
    out.set(`q${i}`, { id: `q${i}`, cohort: `c${i % 2}`, weight: 1, decayedUsage: 0, usageAsOf: 0, quotas });
  }
  return out;
}

function ledger(qs: Map<string, QueueSnapshot>): QuotaLedger {
  const l = new QuotaLedger(qs);
  for (const q of qs.values()) {
    l.track(q);
    l.registerQueue(q);
  }
  return l;
}

const arbStep = fc.record({
  queue: fc.integer({ min: 0, max: 3 }),
  cls: fc.integer({ min: 0, max: CLASSES.length - 1 }),
  // > 0: take that many; < 0: give back up to that many; 0: only ask.
  delta: fc.integer({ min: -4, max: 4 }),
  ask: fc.integer({ min: 1, max: 9 }),
});

describe("QuotaLedger refusals", () => {
  it("equal a fresh ledger's after any sequence of usage changes", () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 120 }), (steps) => {
        const qs = queues();
        const kept = ledger(qs);
        const usage = new Map<string, number>();
        for (const { queue, cls, delta, ask } of steps) {
          const q = `q${queue}`;
          const c = CLASSES[cls]!;
          const key = `${q}/${c}`;
          const now = usage.get(key) ?? 0;
          const d = delta >= 0 ? delta : -Math.min(now, -delta);
          if (d !== 0) {
            kept.add(q, c, d);
            usage.set(key, now + d);
          }
          const fresh = ledger(qs);
          for (const [k, u] of usage) {
            const [fq, fcls] = k.split("/");
            if (u !== 0) fresh.add(fq!, fcls!, u);
          }
          // Every queue and class, so that refusals remembered before the change are asked again.
          for (const [id] of qs) for (const other of CLASSES) expect(kept.refusal(id, other, ask)).toEqual(fresh.refusal(id, other, ask));
        }
      }),
    );
  });
});
