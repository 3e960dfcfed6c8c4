/**
 * Program definitions shaped after the national AI computing plan, for the demo seed and for tests:
 * an open compute call, AX-Sprint 300, startup GPU vouchers, talent fellowships, public-service AI and
 * regional AI hubs. Budgets are modelling assumptions (hours x the fleet file's class reference
 * prices: blackwell 8,000, hopper 4,500, npu 1,200 won per accelerator-hour), not official figures.
 */
import type { ProgramInput } from "./program.js";

const FY = 2026;

const programs: ProgramInput[] = [
  {
    code: "open-compute-2026",
    name: { ko: "2026 개방형 AI 컴퓨팅 지원", en: "Open AI compute call 2026" },
    fiscalYear: FY,
    budget: { krw: "8500000000", acceleratorHours: { blackwell: 500_000, hopper: 1_000_000 } },
    eligibility: { maxConcurrentAwardsPerOrganization: 2, concentrationCapBp: 1_000 },
    reservedNonCapitalShareBp: 3_000,
  },
  {
    code: "ax-sprint-300",
    name: { ko: "AX 스프린트 300 (제조기업 AI 전환)", en: "AX-Sprint 300 (AI transformation of manufacturers)" },
    fiscalYear: FY,
    budget: { krw: "2940000000", acceleratorHours: { hopper: 600_000, npu: 200_000 } },
    eligibility: { organizationTypes: ["startup", "sme", "midsize"], sectors: ["C"], maxConcurrentAwardsPerOrganization: 1, concentrationCapBp: 200 },
    targets: [
      { key: "manufacturers-300", label: { ko: "제조기업 300개사", en: "300 manufacturing companies" }, metric: "distinct_organizations", goal: 300, filter: { sectors: ["C"] } },
      { key: "non-capital-150", label: { ko: "비수도권 제조기업 150개사", en: "150 manufacturers outside the capital region" }, metric: "distinct_organizations", goal: 150, filter: { sectors: ["C"], nonCapitalOnly: true } },
    ],
    reservedNonCapitalShareBp: 4_000,
  },
  {
    code: "startup-gpu-voucher",
    name: { ko: "스타트업 GPU 바우처", en: "Startup GPU voucher" },
    fiscalYear: FY,
    budget: { krw: "1800000000", acceleratorHours: { hopper: 400_000 } },
    eligibility: { organizationTypes: ["startup"], startupMaxAgeYears: 7, maxConcurrentAwardsPerOrganization: 1, concentrationCapBp: 300 },
    costShareBp: { startup: 1_000 },
    targets: [{ key: "startups-200", label: { ko: "스타트업 200개사", en: "200 startups" }, metric: "distinct_organizations", goal: 200 }],
    reservedNonCapitalShareBp: 2_000,
  },
  {
    code: "talent-fellowship",
    name: { ko: "AI 선도·복귀 연구자 펠로우십", en: "Fellowships for leading and returning AI researchers" },
    fiscalYear: FY,
    budget: { krw: "900000000", acceleratorHours: { hopper: 200_000 } },
    eligibility: { organizationTypes: ["university", "research_institute"], maxConcurrentAwardsPerOrganization: 10 },
    targets: [{ key: "fellows-100", label: { ko: "펠로우 100명", en: "100 fellows" }, metric: "awards", goal: 100 }],
  },
  {
    code: "public-service-ai",
    name: { ko: "공공 서비스 AI (세정·보건의료·복지)", en: "Public-service AI (taxation, health care, welfare)" },
    fiscalYear: FY,
    budget: { krw: "1470000000", acceleratorHours: { hopper: 300_000, npu: 100_000 } },
    eligibility: { organizationTypes: ["public_agency", "hospital", "research_institute", "university", "nonprofit"], sectors: ["O", "Q", "M", "P"] },
    targets: [{ key: "health-hours", label: { ko: "보건의료 분야 가속기 시간", en: "Accelerator-hours for health care" }, metric: "accelerator_hours", goal: 100_000, filter: { sectors: ["Q"] } }],
  },
  {
    code: "regional-ai-hubs",
    name: { ko: "지역 AI 거점 (광주·대구·전북·경남)", en: "Regional AI hubs (Gwangju, Daegu, Jeonbuk, Gyeongnam)" },
    fiscalYear: FY,
    budget: { krw: "2100000000", acceleratorHours: { npu: 1_000_000, hopper: 200_000 } },
    eligibility: { regions: ["KR-29", "KR-27", "KR-52", "KR-48"], concentrationCapBp: 500 },
    costShareBp: { sme: 1_000, startup: 500 },
    borrowFactor: 1.5,
  },
];

/** The six programs, each a valid `ProgramInput`. */
export const NATIONAL_PROGRAMS: readonly ProgramInput[] = Object.freeze(programs);
