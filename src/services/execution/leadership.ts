/**
 * The scheduler loop's leadership. One replica holds the store's leader lock (a PostgreSQL advisory
 * lock on a dedicated connection); on winning it, it increments the lease's epoch. Every write the
 * loop commits first reads the lease row FOR SHARE and checks the epoch is still its own, so a
 * deposed leader's late write is refused (SCHEDULER_FENCED) and a new leader's increment waits for
 * the old leader's transactions in flight.
 */
import { eq, sql } from "drizzle-orm";
import type { Clock } from "../../domain/clock.js";
import { HighwayError } from "../../domain/errors.js";
import { withParticle } from "../../domain/korean-particles.js";
import { schedulerLeases } from "../../store/schema/index.js";
import type { Db, LeaderLock, Store } from "../../store/store.js";

const LEASE = "scheduler";

export class Leadership {
  #lock: LeaderLock | null = null;
  #epoch: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly holder: string,
  ) {}

  /** The epoch while leader, else null. */
  get epoch(): number | null {
    return this.#lock?.held() === true ? this.#epoch : null;
  }

  /** Leads, or tries to become leader; the epoch, or null when another replica leads. */
  async ensure(): Promise<number | null> {
    if (this.epoch !== null) return this.#epoch;
    this.#lock = null;
    this.#epoch = null;
    const lock = await this.store.tryLeaderLock(`highway:${LEASE}`);
    if (lock === null) return null;
    const now = this.clock.now();
    const [lease] = await this.store.db
      .insert(schedulerLeases)
      .values({ name: LEASE, epoch: 1, holder: this.holder, acquiredAt: now })
      .onConflictDoUpdate({ target: schedulerLeases.name, set: { epoch: sql`${schedulerLeases.epoch} + 1`, holder: this.holder, acquiredAt: now } })
      .returning({ epoch: schedulerLeases.epoch });
    this.#lock = lock;
    this.#epoch = lease!.epoch;
    return this.#epoch;
  }

  /** Refuses the transaction unless this replica still holds the current epoch. */
  async fence(tx: Db): Promise<number> {
    const mine = this.epoch;
    const [lease] = await tx.select({ epoch: schedulerLeases.epoch }).from(schedulerLeases).where(eq(schedulerLeases.name, LEASE)).for("share");
    if (mine === null || lease?.epoch !== mine) {
      this.#epoch = null;
      throw new HighwayError("SCHEDULER_FENCED", {
        detail: `epoch ${mine ?? "none"} is not the current ${lease?.epoch ?? "none"}`,
        detailKo: `${withParticle(`epoch ${mine ?? "없음"}`, "은/는")} 현재 epoch(${lease?.epoch ?? "없음"})가 아닙니다`,
      });
    }
    return mine;
  }

  async release(): Promise<void> {
    const lock = this.#lock;
    this.#lock = null;
    this.#epoch = null;
    await lock?.release();
  }
}
