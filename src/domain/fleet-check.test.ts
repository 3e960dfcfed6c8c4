import { describe, expect, it } from "vitest";
import { HighwayError } from "./errors.js";
import { localizeError } from "./localized-error.js";
import { violationsDetail } from "./validation.js";
import national from "../../fixtures/fleet/national-260k.json" with { type: "json" };
import { FleetFileSchema, type FleetFile } from "./fleet.js";
import { checkFleetFile } from "./fleet-check.js";

const fleet = (): FleetFile => FleetFileSchema.parse(structuredClone(national));

describe("checkFleetFile", () => {
  it("finds nothing wrong with the national fleet", () => {
    expect(checkFleetFile(fleet())).toEqual([]);
  });

  it("names a duplicate site and a duplicate cluster where the second one appears", () => {
    const f = fleet();
    f.sites[5]!.id = f.sites[0]!.id;
    f.sites[5]!.clusters[0]!.id = f.sites[0]!.clusters[0]!.id;
    expect(checkFleetFile(f).map((v) => [v.field, v.rule])).toEqual([
      ["sites.5.id", "FLEET_DUPLICATE_ID"],
      ["sites.5.clusters.0.id", "FLEET_DUPLICATE_ID"],
    ]);
  });

  it("words each problem in Korean for a Korean reader, the ids with the particles they take", () => {
    const f = fleet();
    f.sites[5]!.id = f.sites[0]!.id;
    f.sites[0]!.clusters[0]!.pools[0]!.model = "mi300x";
    const violations = checkFleetFile(f);
    const ko = localizeError(new HighwayError("VALIDATION_FAILED", { ...violationsDetail(violations), violations }), "ko");
    expect(ko.violations.map((v) => v.message)).toEqual(["모델 mi300x가 acceleratorModels에 없습니다", "사이트 nacc-gwangju가 두 번 나옵니다"]);
    expect(ko.detail).toBe("sites.0.clusters.0.pools.0.model: 모델 mi300x가 acceleratorModels에 없습니다; sites.5.id: 사이트 nacc-gwangju가 두 번 나옵니다");
  });

  it("words a total that disagrees in Korean", () => {
    const f = fleet();
    f.sites[0]!.clusters[0]!.pools[0]!.nodes -= 1;
    expect(checkFleetFile(f).map((v) => v.messageKo)).toEqual([
      `totals의 gpus는 ${f.totals!.gpus}이지만 노드 풀을 더하면 ${f.totals!.gpus - f.sites[0]!.clusters[0]!.pools[0]!.acceleratorsPerNode}입니다`,
      `totals의 nodes는 ${f.totals!.nodes}이지만 노드 풀을 더하면 ${f.totals!.nodes - 1}입니다`,
    ]);
  });

  it("does not check totals when a model is unknown (they could not add up)", () => {
    const f = fleet();
    f.sites[0]!.clusters[0]!.pools[0]!.model = "toString";
    expect(checkFleetFile(f).map((v) => v.rule)).toEqual(["FLEET_MODEL_UNKNOWN"]);
  });

  it("names each total that disagrees with the pools", () => {
    const f = fleet();
    f.sites[0]!.clusters[0]!.pools[0]!.nodes -= 1;
    expect(checkFleetFile(f).map((v) => v.field)).toEqual(["totals.gpus", "totals.nodes"]);
  });

  it("refuses the retired KR-42", () => {
    const f = fleet();
    f.sites[3]!.region = "KR-42";
    expect(checkFleetFile(f)).toEqual([{ field: "sites.3.region", rule: "FLEET_REGION_UNKNOWN", message: "KR-42 is not a current ISO 3166-2:KR code", messageKo: "KR-42는 현행 ISO 3166-2:KR 코드가 아닙니다" }]);
  });
});
