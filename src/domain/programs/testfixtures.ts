/**
 * Fixture builders for the programs domain's unit tests: a program shaped after AX-Sprint 300 and
 * organizations of each kind, each overridable field by field.
 */
import type { EligibilityOrganization } from "./eligibility.js";
import { ProgramInput, type ProgramSettings } from "./program.js";

/** A parsed program: 10 billion won, 100,000 hopper and 20,000 npu hours, open to everyone. */
export function programFixture(overrides: Partial<ProgramInput> = {}): ProgramSettings {
  return ProgramInput.parse({
    code: "ax-sprint-300",
    name: { ko: "AX 스프린트 300", en: "AX-Sprint 300" },
    fiscalYear: 2026,
    budget: { krw: "10000000000", acceleratorHours: { hopper: 100_000, npu: 20_000 } },
    ...overrides,
  });
}

/** An SME in Gwangju, manufacturing, founded 2015. */
export function organizationFixture(overrides: Partial<EligibilityOrganization> = {}): EligibilityOrganization {
  return { id: "org-gwangju-sme", type: "sme", region: "KR-29", sector: "C", foundedOn: "2015-03-02", ...overrides };
}
