/**
 * A workload's reservation against its allocation's balance (allocation_balances): taken with one
 * conditional update, so that concurrent writers can never reserve more than granted - used -
 * reserved, and given back when the workload ends. Submission, requeue and the end of a run all
 * go through these two.
 */
import { and, eq, sql } from "drizzle-orm";
import { allocationBalances } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

/**
 * For statements that change several balances (with a CTE `v` of the keys): the rows locked in key
 * order, so that two such statements can never deadlock. Join it to the update's target.
 */
export const lockedInKeyOrder = sql`select b.allocation_id, b.accelerator_class from allocation_balances b join v on b.allocation_id = v.allocation_id and b.accelerator_class = v.accelerator_class order by b.allocation_id, b.accelerator_class for update of b`;

/** Which balance: an allocation's accelerator class. */
export interface BalanceKey {
  readonly allocationId: string;
  readonly acceleratorClass: string;
}

/** Reserves `seconds` if the unreserved balance covers them; false (and nothing written) otherwise. */
export async function reserveBalance(tx: Db, key: BalanceKey, seconds: bigint, at: Date): Promise<boolean> {
  const reserved = await tx
    .update(allocationBalances)
    .set({ reservedSeconds: sql`${allocationBalances.reservedSeconds} + ${seconds}`, updatedAt: at })
    .where(
      and(
        eq(allocationBalances.allocationId, key.allocationId),
        eq(allocationBalances.acceleratorClass, key.acceleratorClass),
        sql`${allocationBalances.grantedSeconds} - ${allocationBalances.usedSeconds} - ${allocationBalances.reservedSeconds} >= ${seconds}`,
      ),
    )
    .returning({ allocationId: allocationBalances.allocationId });
  return reserved.length > 0;
}

/** Gives back a workload's outstanding reservation to its allocation's balance. */
export async function releaseReservation(tx: Db, row: BalanceKey & { readonly reservedSeconds: bigint }, at: Date): Promise<void> {
  if (row.reservedSeconds === 0n) return;
  await tx
    .update(allocationBalances)
    .set({ reservedSeconds: sql`greatest(${allocationBalances.reservedSeconds} - ${row.reservedSeconds}, 0)`, updatedAt: at })
    .where(and(eq(allocationBalances.allocationId, row.allocationId), eq(allocationBalances.acceleratorClass, row.acceleratorClass)));
}

/**
 * Changes to balances gathered through a transaction and applied at its end, summed per balance:
 * the rows are locked in key order (`lockedInKeyOrder`), once, just before the commit, so that a long batch of the
 * control loop neither holds a balance that submissions wait for nor deadlocks with them.
 * Metering and releases only ever add to what is free, so deferring them refuses nothing wrongly.
 */
export class BalanceChanges {
  readonly #changes = new Map<string, { key: BalanceKey; used: bigint; reserved: bigint }>();

  /** Adds `used` to the used seconds and `reserved` to the reserved ones (never below zero). */
  add(key: BalanceKey, used: bigint, reserved: bigint): void {
    if (used === 0n && reserved === 0n) return;
    const id = `${key.allocationId}\u0000${key.acceleratorClass}`;
    const change = this.#changes.get(id) ?? { key: { allocationId: key.allocationId, acceleratorClass: key.acceleratorClass }, used: 0n, reserved: 0n };
    change.used += used;
    change.reserved += reserved;
    this.#changes.set(id, change);
  }

  async apply(tx: Db, at: Date): Promise<void> {
    if (this.#changes.size === 0) return;
    const changes = [...this.#changes.values()].sort((a, b) => (a.key.allocationId < b.key.allocationId ? -1 : a.key.allocationId > b.key.allocationId ? 1 : a.key.acceleratorClass < b.key.acceleratorClass ? -1 : 1));
    const values = sql.join(
      changes.map((c) => sql`(${c.key.allocationId}::uuid, ${c.key.acceleratorClass}, ${c.used.toString()}::bigint, ${c.reserved.toString()}::bigint)`),
      sql`, `,
    );
    await tx.execute(sql`
      with v(allocation_id, accelerator_class, used, reserved) as (values ${values}),
      locked as (${lockedInKeyOrder})
      update allocation_balances b set used_seconds = b.used_seconds + v.used, reserved_seconds = greatest(b.reserved_seconds + v.reserved, 0), updated_at = ${at}
      from v, locked l
      where b.allocation_id = v.allocation_id and b.accelerator_class = v.accelerator_class
        and l.allocation_id = b.allocation_id and l.accelerator_class = b.accelerator_class`);
    this.#changes.clear();
  }
}
