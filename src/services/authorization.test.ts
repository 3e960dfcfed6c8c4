import { describe, expect, it } from "vitest";
import { localizeError } from "../domain/localized-error.js";
import { thrownHighwayError } from "../domain/thrown-error.js";
import { requireOrganizationAdmin, requirePlatformRole } from "./authorization.js";
import type { Actor } from "./context.js";

const ORG = "0194f0a0-0000-7000-8000-00000000000a";
const member: Actor = { kind: "person", personId: "p-1", platformRoles: new Set(), memberships: new Map([[ORG, "member"]]), via: "token" };

describe("authorization refusals", () => {
  it("name the roles wanted in Korean as in English", () => {
    const error = thrownHighwayError(() => requirePlatformRole(member, "platform_admin", "auditor"));
    expect(error.code).toBe("FORBIDDEN");
    expect(localizeError(error, "ko").detail).toBe("다음 역할 중 하나가 필요합니다: platform_admin, auditor");
    expect(localizeError(error, "en").detail).toBe("requires one of the roles: platform_admin, auditor");
  });

  it("hide another tenant's organization in Korean too, and ask a member for org_admin", () => {
    const stranger: Actor = { ...member, memberships: new Map() };
    expect(localizeError(thrownHighwayError(() => requireOrganizationAdmin(stranger, ORG)), "ko").detail).toBe("기관을 찾을 수 없습니다");
    expect(localizeError(thrownHighwayError(() => requireOrganizationAdmin(member, ORG)), "ko").detail).toBe("이 기관의 org_admin 역할이 필요합니다");
  });
});
