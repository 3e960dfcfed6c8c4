import { describe, expect, it } from "vitest";
import { UTF8_BOM } from "../programs/csv.js";
import { operatorStatementCsv, organizationStatementCsv } from "./statements-csv.js";
import { operatorStatement, organizationStatement } from "./statements.js";
import { aprilLedger } from "./testfixtures.js";

const csv = (...lines: string[]) => `${UTF8_BOM}${lines.map((l) => `${l}\r\n`).join("")}`;

describe("organizationStatementCsv", () => {
  const statement = organizationStatement(aprilLedger(), { organizationId: "org-1", month: "2026-04" });

  it("writes bilingual headers, one row per line and a total row that alone carries VAT and the amount due", () => {
    expect(organizationStatementCsv(statement)).toBe(
      csv(
        "정산 월 / Month,과제 / Project,사업 / Program,가속기 분류 / Accelerator class,모델 / Model,사용 가속기 시간 / Accelerator-hours used,사용 금액(원) / Usage (KRW),감면 가속기 시간 / Accelerator-hours credited,감면 금액(원) / Credits (KRW),청구 대상 금액(원) / Charged (KRW),정부 지원금(원) / Government share (KRW),기관 부담금 공급가액(원) / Co-pay supply value (KRW),부가세(원) / VAT (KRW),납부 총액(원) / Total due (KRW)",
        "2026-04,p-1,ax-sprint-300,hopper,h100-sxm,12.00,42000,4.00,14000,28000,22400,5600,,",
        "2026-04,p-2,voucher,blackwell,b200,4.00,24004,0.00,0,24004,21042,2962,,",
        "2026-04,합계 / Total,,,,16.00,66004,4.00,14000,52004,43442,8562,856,9418",
      ),
    );
  });

  it("names the total row in the headers' language", () => {
    expect(organizationStatementCsv(statement, "ko").split("\r\n")).toContain("2026-04,합계,,,,16.00,66004,4.00,14000,52004,43442,8562,856,9418");
    expect(organizationStatementCsv(statement, "en").split("\r\n")[0]).toBe(
      `${UTF8_BOM}Month,Project,Program,Accelerator class,Model,Accelerator-hours used,Usage (KRW),Accelerator-hours credited,Credits (KRW),Charged (KRW),Government share (KRW),Co-pay supply value (KRW),VAT (KRW),Total due (KRW)`,
    );
  });
});

describe("operatorStatementCsv", () => {
  it("writes one row per site, cluster and model, then the total", () => {
    expect(operatorStatementCsv(operatorStatement(aprilLedger(), { operator: "kisti", month: "2026-04" }), "en")).toBe(
      csv(
        "Month,Site,Cluster,Accelerator class,Model,Accelerator-hours delivered,Delivered value (KRW),Accelerator-hours credited,Credited value (KRW),Accelerator-hours settled,Settlement (KRW)",
        "2026-04,daejeon,daejeon-b200,blackwell,b200,4.00,24004,0.00,0,4.00,24004",
        "2026-04,daejeon,daejeon-h100,hopper,h100-sxm,12.00,42000,4.00,14000,8.00,28000",
        "2026-04,Total,,,,16.00,66004,4.00,14000,12.00,52004",
      ),
    );
  });

  it("writes a zero total row for a month without use", () => {
    const text = operatorStatementCsv(operatorStatement(aprilLedger(), { operator: "kisti", month: "2026-06" }), "ko");
    expect(text).toBe(csv("정산 월,사이트,클러스터,가속기 분류,모델,제공 가속기 시간,제공 금액(원),감면 가속기 시간,감면 금액(원),정산 가속기 시간,정산 금액(원)", "2026-06,합계,,,,0.00,0,0.00,0,0.00,0"));
  });
});
