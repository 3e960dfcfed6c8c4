/**
 * The waiting reasons the control loop has written, so that a cycle writes only those that changed:
 * a new code at once, new figures under the same code ("the best node has 3 free") at most once
 * per refresh interval. In a long queue those figures move at every cycle, and rewriting every
 * queued row each cycle would cost the database more than the submissions do. The reason's clauses
 * (the facts the API renders in Korean and English) are written in the same statement as its
 * English text and code, so a row never holds the text of one reason and the facts of another; the
 * lifecycle clauses of the reason it replaces (e.g. "preempted on X; requeued") are cleared with them.
 */
import { sql } from "drizzle-orm";
import type { WaitingReason } from "../../scheduler/index.js";
import type { Db } from "../../store/store.js";

/** A waiting reason as last written, and when (ms). */
interface Written {
  readonly code: string;
  readonly reason: string;
  readonly at: number;
}

export class WaitingReasons {
  readonly #written = new Map<string, Written>();

  constructor(private readonly refreshMs: number) {}

  /** Writes, in one statement, the reasons of `waiting` that are due; `now` in ms. */
  async write(tx: Db, waiting: readonly WaitingReason[], now: number): Promise<void> {
    const due = waiting.filter((w) => {
      const last = this.#written.get(w.workload);
      if (last === undefined || last.code !== w.code) return true;
      return last.reason !== w.reason && now - last.at >= this.refreshMs;
    });
    if (due.length === 0) return;
    const records = JSON.stringify(due.map((w) => ({ id: w.workload, reason: w.reason, code: w.code, clauses: w.clauses })));
    await tx.execute(
      sql`update workloads set reason = v.reason, wait_code = v.code, wait_clauses = v.clauses, lifecycle_clauses = null from jsonb_to_recordset(${records}::jsonb) as v(id uuid, reason text, code text, clauses jsonb) where workloads.id = v.id and workloads.state = 'queued'`,
    );
    for (const w of due) this.#written.set(w.workload, { code: w.code, reason: w.reason, at: now });
  }

  /** A workload placed, requeued or no longer active: its next waiting reason is written at once. */
  forget(workloadId: string): void {
    this.#written.delete(workloadId);
  }

  /** After a failed cycle what was written may have been rolled back: write every reason again. */
  clear(): void {
    this.#written.clear();
  }
}
