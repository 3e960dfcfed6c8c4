/**
 * A workload's reservation against its allocation's balance (allocation_balances): taken with one
 * conditional update, so that concurrent writers can never reserve more than granted - used -
 * reserved, and given back when the workload ends. Submission, requeue and the end of a run all
 * go through these two.
 */
import { and, eq, sql } from "drizzle-orm";
import { allocationBalances } from "../../store/schema/index.js";
import type { Db } from "../../store/store.js";

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
