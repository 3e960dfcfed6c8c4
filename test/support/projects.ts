/**
 * An awarded project in a few calls, for tests of what comes after the award: a program with one
 * open round, an application from a fresh organization whose member (with a mapped Linux user) is
 * the PI, one review and an accepting decision.
 */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { FleetFile } from "../../src/domain/fleet.js";
import { SimulatedFleet } from "../../src/executors/simulated/simulated-fleet.js";
import { loadPersonActor } from "../../src/services/identity/people.js";
import { workloads } from "../../src/store/schema/index.js";
import type { StoreKind } from "../../src/store/store.js";
import { call, type Harness, makeOpenRound, makeOrganization, makePerson, openHarness, type ServicesOnly } from "./harness.js";

/** A small fleet of two hopper models in two clusters, as the tests' simulated clusters run it. */
export const TEST_FLEET: FleetFile = {
  name: "test",
  acceleratorModels: {
    "h100-sxm": { class: "hopper", vendor: "nvidia", kind: "gpu", memoryGiB: 80, bf16DenseTflops: 989, refPriceKrwPerHour: 3600 },
    h200: { class: "hopper", vendor: "nvidia", kind: "gpu", memoryGiB: 141, bf16DenseTflops: 989, refPriceKrwPerHour: 4500 },
  },
  sites: [
    {
      id: "seoul-a",
      name: "Seoul A",
      operator: "op-a",
      region: "KR-11",
      clusters: [{ id: "ta", pools: [{ model: "h100-sxm", nodes: 2, acceleratorsPerNode: 8, nvlinkDomainNodes: 1, nodesPerRack: 2, racksPerPod: 1 }] }],
    },
    {
      id: "gwangju-b",
      name: "Gwangju B",
      operator: "op-b",
      region: "KR-29",
      clusters: [{ id: "tb", pools: [{ model: "h200", nodes: 2, acceleratorsPerNode: 8, nvlinkDomainNodes: 1, nodesPerRack: 2, racksPerPod: 1 }] }],
    },
  ],
};

/** A harness whose clusters are TEST_FLEET's, simulated, with the fleet imported: what a control-loop test starts from. */
export async function openSimulatedFleetHarness(kind: StoreKind): Promise<Harness> {
  const h = await openHarness(kind, {}, { executors: (clock) => new SimulatedFleet(TEST_FLEET, clock).clusters });
  await h.services.fleet.import(h.system, TEST_FLEET);
  return h;
}

export interface AwardedProject {
  readonly programId: string;
  readonly organizationId: string;
  readonly projectId: string;
  readonly allocationId: string;
  /** The PI: a member of the organization and the project, with a Linux user. */
  readonly member: { readonly id: string; readonly token: string; readonly linuxUser: string };
}

export async function makeAwardedProject(
  h: ServicesOnly,
  options: { code: string; hopperHours: string; maxConcurrent: number; linuxUser?: string; startsAt?: string; endsAt?: string; programSettings?: Record<string, unknown> },
): Promise<AwardedProject> {
  const round = await makeOpenRound(h, h.system, { code: options.code, hopperHours: "1000000", krw: "100000000000", ...(options.programSettings ? { programSettings: options.programSettings } : {}) });
  const org = await makeOrganization(h, { type: "sme" });
  const member = await makePerson(h, { organizationId: org.id, role: "org_admin" });
  const linuxUser = options.linuxUser ?? "hwtest1";
  await h.services.people.setLinuxUser(h.system, member.person.id, { linuxUser });
  const memberActor = await loadPersonActor(h.services.deps.store.db, member.person.id, "token");
  if (memberActor === null) throw new Error("the member vanished");
  const app = await h.services.applications.create(memberActor, round.roundId, {
    organizationId: org.id,
    application: {
      title: `project ${options.code}`,
      team: [{ email: member.person.email, role: "pi" }],
      request: {
        grants: [{ acceleratorClass: "hopper", acceleratorHours: options.hopperHours, maxConcurrent: options.maxConcurrent }],
        startsAt: options.startsAt ?? "2026-11-29T00:00",
        endsAt: options.endsAt ?? "2027-05-30T00:00",
      },
    },
  });
  await h.services.applications.submit(memberActor, app.value.id);
  const reviewer = await makePerson(h, { platformRoles: ["reviewer"] });
  const review = await h.services.applications.assignReviewer(h.system, app.value.id, { reviewerId: reviewer.person.id });
  const reviewerActor = await loadPersonActor(h.services.deps.store.db, reviewer.person.id, "token");
  if (reviewerActor === null) throw new Error("the reviewer vanished");
  await h.services.applications.submitReview(reviewerActor, review.value.id, { scores: { impact: 8 } });
  const decided = await h.services.awards.decide(h.system, app.value.id, { outcome: "accept" });
  if (decided.projectId === null || decided.allocation === null) throw new Error(`the decision created no project: ${decided.application.state}`);
  return { programId: round.programId, organizationId: org.id, projectId: decided.projectId, allocationId: decided.allocation.id, member: { id: member.person.id, token: member.token, linuxUser } };
}

/** Submits a workload as the project's PI through the API and returns its id; the test fails unless it is accepted. */
export async function submitWorkload(h: Harness, p: AwardedProject, body: Record<string, unknown>): Promise<string> {
  const res = await call(h, "POST", `/api/v1/projects/${p.projectId}/workloads`, { token: p.member.token, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A workload's row as stored. */
export async function workloadRow(h: Pick<Harness, "store">, id: string): Promise<typeof workloads.$inferSelect> {
  const [row] = await h.store.db.select().from(workloads).where(eq(workloads.id, id));
  if (row === undefined) throw new Error(`no workload ${id}`);
  return row;
}
