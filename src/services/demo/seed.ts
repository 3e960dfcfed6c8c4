/**
 * Demonstration data for `highway serve --demo` and `highway demo load`: organizations of every
 * type across regions and sectors (with valid business registration numbers) and their people.
 * Seeds only an empty store, so a restart never duplicates it.
 */
import { sql } from "drizzle-orm";
import { businessRegistrationCheckDigit } from "../../domain/business-registration-number.js";
import type { OrganizationInput } from "../../domain/organization.js";
import { organizations } from "../../store/schema/index.js";
import type { Actor } from "../context.js";
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

/** Seeds the demo organizations and people when the store holds no organization; returns how many. */
export async function seedDemo(services: Services): Promise<{ organizations: number; people: number }> {
  const [row] = await services.deps.store.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  if ((row?.n ?? 0) > 0) return { organizations: 0, people: 0 };
  const system: Actor = { kind: "system", name: "demo" };
  let peopleCount = 0;
  for (const [i, org] of ORGS.entries()) {
    const created = await services.organizations.create(system, { ...org, businessRegistrationNumber: demoBusinessRegistrationNumber(i + 1) });
    const slug = (org.nameEn ?? `org${i}`).toLowerCase().replace(/[^a-z0-9]+/g, "-");
    await services.organizations.addMember(system, created.value.id, { email: `admin@${slug}.example.kr`, name: `${org.name} 관리자`, role: "org_admin", password: "demo-password-1234" });
    await services.organizations.addMember(system, created.value.id, { email: `researcher@${slug}.example.kr`, name: `${org.name} 연구원`, role: "member", password: "demo-password-1234" });
    peopleCount += 2;
  }
  await services.people.create(system, { email: "manager@nipa.example.kr", name: "김프로그램", platformRoles: ["program_manager"], password: "demo-password-1234" });
  await services.people.create(system, { email: "reviewer@kaist.example.kr", name: "이심사", platformRoles: ["reviewer"], password: "demo-password-1234" });
  await services.people.create(system, { email: "auditor@audit.example.kr", name: "박감사", platformRoles: ["auditor"], password: "demo-password-1234" });
  return { organizations: ORGS.length, people: peopleCount + 3 };
}
