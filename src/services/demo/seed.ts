/**
 * Demonstration data for `highway serve --demo`: 50 organizations of every type across regions and
 * sectors (with valid business registration numbers) and their people, the national fleet (260,000
GPUs and 2,048 NPUs at ten sites), the national programs with
 * an open call and round each, and applications in every state (drafts, submitted, in review,
 * sent back, accepted with their projects and allocations, rejected, withdrawn). Seeds only an
 * empty store, so a restart never duplicates it.
 */
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { businessRegistrationCheckDigit } from "../../domain/business-registration-number.js";
import type { OrganizationInput } from "../../domain/organization.js";
import { NATIONAL_PROGRAMS } from "../../domain/programs/national-programs.js";
import { ORGANIZATION_TYPES } from "../../domain/organization.js";
import { REGIONS } from "../../domain/regions.js";
import { seoulDate } from "../../domain/clock.js";
import { allocations, organizations, projectMembers } from "../../store/schema/index.js";
import type { Actor } from "../context.js";
import { loadPersonActor } from "../identity/people.js";
import type { Services } from "../services.js";

const ORGS: readonly Omit<OrganizationInput, "businessRegistrationNumber">[] = [
  { name: "한빛제조", nameEn: "Hanbit Manufacturing", type: "sme", region: "KR-48", sector: "C", foundedOn: "2009-03-02" },
  { name: "누리로보틱스", nameEn: "Nuri Robotics", type: "startup", region: "KR-27", sector: "C", foundedOn: "2022-06-15" },
  { name: "바다AI", nameEn: "Bada AI", type: "startup", region: "KR-26", sector: "J", foundedOn: "2023-01-09" },
  { name: "서울데이터랩", nameEn: "Seoul Data Lab", type: "startup", region: "KR-11", sector: "J", foundedOn: "2021-11-01" },
  { name: "중원정밀", nameEn: "Jungwon Precision", type: "midsize", region: "KR-43", sector: "C", foundedOn: "1998-05-20" },
  { name: "대한중공업", nameEn: "Daehan Heavy Industries", type: "large", region: "KR-31", sector: "C", foundedOn: "1974-04-01" },
  { name: "한국과학기술대학교", nameEn: "Korea University of Science and Technology", type: "university", region: "KR-30", sector: "P", foundedOn: "1971-02-16" },
  { name: "국가AI연구원", nameEn: "National AI Research Institute", type: "research_institute", region: "KR-30", sector: "M", foundedOn: "2020-07-01" },
  { name: "빛고을대학병원", nameEn: "Bitgoeul University Hospital", type: "hospital", region: "KR-29", sector: "Q", foundedOn: "1985-09-10" },
  { name: "행정데이터청", nameEn: "Public Data Agency", type: "public_agency", region: "KR-50", sector: "O", foundedOn: "2012-12-03" },
  { name: "전북농생명AI", nameEn: "Jeonbuk Agri-Bio AI", type: "sme", region: "KR-52", sector: "M", foundedOn: "2019-04-22" },
  { name: "열린AI재단", nameEn: "Open AI Foundation Korea", type: "nonprofit", region: "KR-41", sector: "S", foundedOn: "2018-10-05" },
];

/** A valid business registration number built from a seed number (check digit computed). */
export function demoBusinessRegistrationNumber(n: number): string {
  const firstNine = String(110_000_000 + n * 7_919).padStart(9, "0").slice(0, 9);
  return `${firstNine}${businessRegistrationCheckDigit(firstNine)}`;
}

const SECTORS = ["C", "J", "M", "Q", "P", "O", "C", "G"] as const;
const REGION_CODES = Object.keys(REGIONS);

/** The twelve named organizations plus generated ones, 50 in all. */
function demoOrganizations(): Omit<OrganizationInput, "businessRegistrationNumber">[] {
  const out = [...ORGS];
  for (let i = out.length; i < 50; i++) {
    const type = ORGANIZATION_TYPES[i % ORGANIZATION_TYPES.length]!;
    out.push({
      name: `데모기관 ${String(i + 1).padStart(2, "0")}`,
      nameEn: `Demo organization ${i + 1}`,
      type,
      region: REGION_CODES[(i * 7) % REGION_CODES.length]!,
      sector: type === "hospital" ? "Q" : type === "university" ? "P" : type === "public_agency" ? "O" : SECTORS[i % SECTORS.length]!,
      foundedOn: type === "startup" ? `202${i % 5}-0${1 + (i % 9)}-15` : `19${70 + (i % 29)}-03-01`,
    });
  }
  return out;
}

/** What the demo seed created. */
export interface DemoSeed {
  readonly organizations: number;
  readonly people: number;
  readonly programs: number;
  readonly applicationsByState: Readonly<Record<string, number>>;
  readonly workloads: number;
}

/** Seeds the demo when the store holds no organization; returns what it made (zeros otherwise). */
export async function seedDemo(services: Services): Promise<DemoSeed> {
  const [row] = await services.deps.store.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  if ((row?.n ?? 0) > 0) return { organizations: 0, people: 0, programs: 0, applicationsByState: {}, workloads: 0 };
  const system: Actor = { kind: "system", name: "demo" };
  let peopleCount = 0;
  const admins: { organizationId: string; personId: string }[] = [];
  const orgs = demoOrganizations();
  for (const [i, org] of orgs.entries()) {
    const created = await services.organizations.create(system, { ...org, businessRegistrationNumber: demoBusinessRegistrationNumber(i + 1) });
    const slug = (org.nameEn ?? `org${i}`).toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const admin = await services.organizations.addMember(system, created.value.id, { email: `admin@${slug}.example.kr`, name: `${org.name} 관리자`, role: "org_admin", password: "demo-password-1234" });
    admins.push({ organizationId: created.value.id, personId: admin.value.person.id });
    await services.organizations.addMember(system, created.value.id, { email: `researcher@${slug}.example.kr`, name: `${org.name} 연구원`, role: "member", password: "demo-password-1234" });
    peopleCount += 2;
  }
  await services.people.create(system, { email: "manager@nipa.example.kr", name: "김프로그램", platformRoles: ["program_manager"], password: "demo-password-1234" });
  const reviewer = await services.people.create(system, { email: "reviewer@kaist.example.kr", name: "이심사", platformRoles: ["reviewer"], password: "demo-password-1234" });
  await services.people.create(system, { email: "auditor@audit.example.kr", name: "박감사", platformRoles: ["auditor"], password: "demo-password-1234" });
  await services.fleet.import(system, JSON.parse(readFileSync(new URL("../../../fixtures/fleet/national-260k.json", import.meta.url), "utf8")));
  const rounds = await seedPrograms(services, system);
  const applicationsByState = await seedApplications(services, system, rounds, admins, reviewer.value.id);
  const workloadCount = await seedWorkloads(services, system);
  return { organizations: orgs.length, people: peopleCount + 3, programs: rounds.length, applicationsByState, workloads: workloadCount };
}

/** Awards run from today (Asia/Seoul) for about six months, so the demo's projects can run work now. */
function demoPeriod(services: Services): { startsAt: string; endsAt: string } {
  const now = services.deps.clock.now();
  const day = (d: Date) => seoulDate(d);
  return { startsAt: `${day(now)}T00:00`, endsAt: `${day(new Date(now.getTime() + 180 * 86_400_000))}T00:00` };
}

/**
 * Gives each awarded project's PI a Linux user (`demo<n>`) and submits three short workloads, so
 * that `npm start` shows work being placed, run on the simulated clusters and metered.
 */
async function seedWorkloads(services: Services, system: Actor): Promise<number> {
  const members = await services.deps.store.db
    .select({ projectId: projectMembers.projectId, personId: projectMembers.personId, acceleratorClass: sql<string>`(${allocations.data}->'grants'->0->>'acceleratorClass')` })
    .from(projectMembers)
    .innerJoin(allocations, eq(allocations.projectId, projectMembers.projectId))
    .where(eq(projectMembers.role, "pi"));
  let count = 0;
  for (const [n, m] of members.entries()) {
    await services.people.setLinuxUser(system, m.personId, { linuxUser: `demo${n + 1}` });
    const actor = (await loadPersonActor(services.deps.store.db, m.personId, "token"))!;
    for (const [k, shape] of [[1, 1], [8, 1], [4, 1]].entries()) {
      await services.workloads.submit(actor, m.projectId, {
        name: `demo-${n + 1}-${k + 1}`,
        acceleratorClass: m.acceleratorClass,
        acceleratorsPerNode: shape[0],
        nodes: shape[1],
        timeLimitMinutes: 60,
        expectedDurationSeconds: 120 + 240 * k + 30 * n,
        script: "#!/bin/bash\npython train.py\n",
      });
      count++;
    }
  }
  return count;
}

/** Each national program with an open call and round; returns the rounds with the class each funds. */
async function seedPrograms(services: Services, system: Actor): Promise<{ roundId: string; acceleratorClass: string }[]> {
  const out: { roundId: string; acceleratorClass: string }[] = [];
  for (const definition of NATIONAL_PROGRAMS) {
    const program = await services.programs.create(system, definition);
    const call = await services.programs.createCall(system, program.value.id, { code: "2026-1", name: { ko: `${definition.name.ko} 1차 공모`, en: `${definition.name.en}, first call` } });
    const round = await services.programs.createRound(system, call.value.id, {
      name: { ko: "1차", en: "Round 1" },
      opensAt: "2026-11-01T09:00",
      closesAt: "2027-01-30T18:00",
      review: { minReviewers: 1, rubric: [{ key: "impact", label: { ko: "파급효과", en: "Impact" }, weight: 2 }, { key: "feasibility", label: { ko: "실현가능성", en: "Feasibility" }, weight: 1 }] },
    });
    out.push({ roundId: round.value.id, acceleratorClass: Object.keys(definition.budget.acceleratorHours)[0]! });
  }
  return out;
}

/** One application per organization, walked to a state chosen in turn so that every state appears. */
async function seedApplications(
  services: Services,
  system: Actor,
  rounds: readonly { roundId: string; acceleratorClass: string }[],
  admins: readonly { organizationId: string; personId: string }[],
  reviewerId: string,
): Promise<Record<string, number>> {
  const STATES = ["draft", "submitted", "in_review", "accepted", "rejected", "withdrawn", "revision_requested"] as const;
  const reviewerActor = (await loadPersonActor(services.deps.store.db, reviewerId, "token"))!;
  const counts: Record<string, number> = {};
  for (const [i, { organizationId, personId }] of admins.entries()) {
    const actor = (await loadPersonActor(services.deps.store.db, personId, "token"))!;
    const target = STATES[i % STATES.length]!;
    // The first program that admits this organization takes its application.
    let state = "draft";
    for (let k = 0; k < rounds.length && state === "draft"; k++) {
      const round = rounds[(i + k) % rounds.length]!;
      const app = await services.applications.create(actor, round.roundId, {
        organizationId,
        application: {
          title: `AI 과제 ${i + 1}`,
          summary: "데모 신청서 / demo application",
          team: [{ email: `pi${i + 1}@demo.example.kr`, role: "pi" }],
          request: { grants: [{ acceleratorClass: round.acceleratorClass, acceleratorHours: String(1000 + 250 * (i % 8)), maxConcurrent: 8 }], ...demoPeriod(services) },
        },
      });
      if (target === "draft") break;
      try {
        await services.applications.submit(actor, app.value.id);
        state = "submitted";
      } catch {
        // Not eligible for this program: leave the draft and try the next program.
        continue;
      }
      if (target === "withdrawn") {
        state = (await services.applications.withdraw(actor, app.value.id)).state;
      } else if (target !== "submitted") {
        const review = await services.applications.assignReviewer(system, app.value.id, { reviewerId });
        state = "in_review";
        if (target !== "in_review") {
          await services.applications.submitReview(reviewerActor, review.value.id, { scores: { impact: 6 + (i % 5), feasibility: 5 + (i % 6) } });
          const outcome = target === "accepted" ? "accept" : target === "rejected" ? "reject" : "request_revision";
          state = (await services.awards.decide(system, app.value.id, { outcome })).application.state;
        }
      }
    }
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}
