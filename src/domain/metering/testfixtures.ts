/**
 * Fixture builders for the metering domain's unit tests: a run on an H100 cluster, a ledger entry,
 * and fast-check arbitraries for metering inputs and entries.
 */
import fc from "fast-check";
import type { LedgerEntry, RunIdentity } from "./ledger.js";
import { creditFor, meterInterval, type MeteringInput } from "./meter.js";

/** Run 1 of a workload of project p-1 (organization org-1, program ax-sprint-300) on an H100 cluster. */
export function runFixture(overrides: Partial<RunIdentity> = {}): RunIdentity {
  return {
    workloadId: "0b5e6f3a-1d2c-4e5f-8a9b-0c1d2e3f4a5b",
    runId: "0b5e6f3a-1d2c-4e5f-8a9b-0c1d2e3f4a5b.1",
    allocationId: "alloc-1",
    projectId: "p-1",
    organizationId: "org-1",
    programId: "ax-sprint-300",
    operator: "kisti",
    site: "daejeon",
    cluster: "daejeon-h100",
    acceleratorClass: "hopper",
    model: "h100-sxm",
    ...overrides,
  };
}

/** Metering 8 H100 at 3,500 won an hour with a 20 % co-pay, for five minutes of 10 April 2026 (KST). */
export function meteringInputFixture(overrides: Partial<MeteringInput> = {}): MeteringInput {
  return { ...runFixture(), accelerators: 8, pricePerHourKrw: 3_500n, coPayBp: 2_000, from: "2026-04-10T00:00:00Z", to: "2026-04-10T00:05:00Z", ...overrides };
}

/** One usage entry: one H100 for an hour of 10 April 2026 (KST) at 3,600 won, a 10 % co-pay. */
export function ledgerEntryFixture(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    kind: "usage",
    ...runFixture(),
    accelerators: 1,
    startedAt: "2026-04-10T00:00:00.000Z",
    endedAt: "2026-04-10T01:00:00.000Z",
    acceleratorSeconds: 3_600n,
    pricePerHourKrw: 3_600n,
    krw: 3_600n,
    coPayKrw: 360n,
    governmentKrw: 3_240n,
    ...overrides,
  };
}

const SECOND = 1000;
const DAY = 86_400;
const FROM_LO = Date.UTC(2019, 0, 1) / SECOND;
const FROM_HI = Date.UTC(2030, 0, 1) / SECOND;

/** Whole-second intervals from 2019 on: mostly metering-sized, sometimes days, now and then a year. */
export const intervalArb = fc
  .tuple(fc.integer({ min: FROM_LO, max: FROM_HI }), fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 40 * DAY }), fc.integer({ min: 0, max: 400 * DAY })))
  .map(([start, length]) => ({ from: new Date(start * SECOND).toISOString(), to: new Date((start + length) * SECOND).toISOString() }));

/** Metering inputs over `intervalArb`, with up to 1,024 accelerators and prices up to 10 million won an hour. */
export const meteringInputArb = fc
  .record({
    interval: intervalArb,
    accelerators: fc.integer({ min: 1, max: 1_024 }),
    pricePerHourKrw: fc.bigInt({ min: 0n, max: 10_000_000n }),
    coPayBp: fc.integer({ min: 0, max: 10_000 }),
    runId: fc.constantFrom("w-1.1", "w-1.2", "w-2.1"),
  })
  .map(({ interval, runId, ...rest }) => meteringInputFixture({ ...interval, ...rest, runId }));

const MARCH_END = Date.UTC(2026, 2, 31, 15) / SECOND;
const APRIL_END = Date.UTC(2026, 3, 30, 15) / SECOND;

/**
 * Arbitrary ledger entries over a few organizations, projects, operators, sites and months, with
 * independent amounts: statements must add what they are given, whatever it is.
 */
export const ledgerEntryArb = fc
  .record({
    kind: fc.constantFrom("usage" as const, "credit" as const),
    organizationId: fc.constantFrom("org-1", "org-2"),
    projectId: fc.constantFrom("p-1", "p-2", "p-3"),
    programId: fc.constantFrom("ax-sprint-300", "voucher"),
    operator: fc.constantFrom("kisti", "nipa"),
    site: fc.constantFrom("daejeon", "gwangju"),
    cluster: fc.constantFrom("c-1", "c-2"),
    model: fc.constantFrom("h100-sxm", "b200"),
    // Starts in March or April 2026 (KST), up to an hour long, never across a month end.
    startSecond: fc.integer({ min: Date.UTC(2026, 1, 28, 15) / SECOND, max: APRIL_END - 1 }),
    length: fc.integer({ min: 1, max: 3_600 }),
    acceleratorSeconds: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    coPayKrw: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    governmentKrw: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  })
  .map(({ startSecond, length, model, coPayKrw, governmentKrw, ...rest }) =>
    ledgerEntryFixture({
      ...rest,
      model,
      acceleratorClass: model === "b200" ? "blackwell" : "hopper",
      startedAt: new Date(startSecond * SECOND).toISOString(),
      endedAt: new Date(Math.min(startSecond + length, startSecond < MARCH_END ? MARCH_END : APRIL_END) * SECOND).toISOString(),
      coPayKrw,
      governmentKrw,
      krw: coPayKrw + governmentKrw,
    }),
  );

/**
 * April 2026 (KST) for org-1: p-1 ran 8 H100 for 1.5 h, of which the last 30 min failed on a node and
 * were credited; p-2 (another program, 12.34 % co-pay) ran 4 B200 for an hour on another cluster.
 * Around them: org-2's use, and org-1's use that ended as April began.
 */
export function aprilLedger(): LedgerEntry[] {
  const p1 = { ...runFixture(), accelerators: 8, pricePerHourKrw: 3_500n, coPayBp: 2_000 };
  const firstHour = meterInterval({ ...p1, from: "2026-03-31T15:00:00Z", to: "2026-03-31T16:00:00Z" });
  const failedHalfHour = meterInterval({ ...p1, from: "2026-03-31T16:00:00Z", to: "2026-03-31T16:30:00Z" });
  const p2 = runFixture({ projectId: "p-2", programId: "voucher", runId: "w-2.1", workloadId: "w-2", cluster: "daejeon-b200", acceleratorClass: "blackwell", model: "b200" });
  return [
    ...firstHour,
    ...failedHalfHour,
    ...creditFor(failedHalfHour),
    ...meterInterval({ ...p2, accelerators: 4, pricePerHourKrw: 6_001n, coPayBp: 1_234, from: "2026-04-02T00:00:00Z", to: "2026-04-02T01:00:00Z" }),
    ...meterInterval({ ...p1, organizationId: "org-2", operator: "nipa", from: "2026-04-03T00:00:00Z", to: "2026-04-03T01:00:00Z" }),
    ...meterInterval({ ...p1, from: "2026-03-31T14:00:00Z", to: "2026-03-31T15:00:00Z" }),
  ];
}
