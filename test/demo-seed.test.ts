/** The demo seed: a living system for a newcomer, seeded once into an empty store only. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { APPLICATION_STATES } from "../src/domain/programs/index.js";
import { verifyAudit } from "../src/services/audit/audit-log.js";
import { seedDemo, type DemoSeed } from "../src/services/demo/seed.js";
import { openHarness, rowCounts, TEST_AUDIT_KEY, type Harness } from "./support/harness.js";

let h: Harness;
let seeded: DemoSeed;

beforeAll(async () => {
  h = await openHarness("pglite");
  seeded = await seedDemo(h.services);
}, 180_000);
afterAll(() => h.close());

it("seeds 50 organizations, the national programs and applications in every state", () => {
  expect(seeded.organizations).toBe(50);
  expect(seeded.programs).toBe(6);
  for (const state of APPLICATION_STATES) expect(seeded.applicationsByState[state], state).toBeGreaterThan(0);
});

it("gives every accepted application a project, an allocation and a queue, and the audit log verifies", async () => {
  const counts = await rowCounts(h.store);
  expect(counts.projects).toBe(seeded.applicationsByState.accepted);
  expect(counts.allocations).toBe(seeded.applicationsByState.accepted);
  expect(counts.queues).toBe(seeded.applicationsByState.accepted);
  expect((await verifyAudit(h.store, TEST_AUDIT_KEY)).ok).toBe(true);
});

it("never seeds a store that has data", async () => {
  const before = await rowCounts(h.store);
  expect((await seedDemo(h.services)).organizations).toBe(0);
  expect(await rowCounts(h.store)).toEqual(before);
});
