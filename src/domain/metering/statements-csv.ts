/**
 * The monthly statements as CSV, through the programs domain's `toCsv` (UTF-8 BOM, CRLF, bilingual
 * headers): one row per line, then a total row. Hours are shown with two decimals for people; the
 * JSON statement carries exact accelerator-seconds. VAT and the amount due exist only on the total
 * row, because VAT is levied on the month's co-pay, not line by line.
 */
import { toCsv, type CsvColumn, type CsvHeaderLanguage, type CsvValue } from "../programs/csv.js";
import { acceleratorHoursText, type OperatorStatement, type OrganizationStatement } from "./statements.js";

function totalLabel(headers: CsvHeaderLanguage): string {
  return headers === "ko" ? "합계" : headers === "en" ? "Total" : "합계 / Total";
}

const ORGANIZATION_COLUMNS: readonly CsvColumn[] = [
  { key: "month", ko: "정산 월", en: "Month" },
  { key: "projectId", ko: "과제", en: "Project" },
  { key: "programId", ko: "사업", en: "Program" },
  { key: "acceleratorClass", ko: "가속기 분류", en: "Accelerator class" },
  { key: "model", ko: "모델", en: "Model" },
  { key: "usageHours", ko: "사용 가속기 시간", en: "Accelerator-hours used" },
  { key: "usageKrw", ko: "사용 금액(원)", en: "Usage (KRW)" },
  { key: "creditedHours", ko: "감면 가속기 시간", en: "Accelerator-hours credited" },
  { key: "creditedKrw", ko: "감면 금액(원)", en: "Credits (KRW)" },
  { key: "chargedKrw", ko: "청구 대상 금액(원)", en: "Charged (KRW)" },
  { key: "governmentKrw", ko: "정부 지원금(원)", en: "Government share (KRW)" },
  { key: "coPayKrw", ko: "기관 부담금 공급가액(원)", en: "Co-pay supply value (KRW)" },
  { key: "vatKrw", ko: "부가세(원)", en: "VAT (KRW)" },
  { key: "totalDueKrw", ko: "납부 총액(원)", en: "Total due (KRW)" },
];

/** An organization's statement as CSV: lines, then the total with VAT and the amount due. */
export function organizationStatementCsv(statement: OrganizationStatement, headers: CsvHeaderLanguage = "both"): string {
  const amounts = (a: OrganizationStatement["totals"] | OrganizationStatement["lines"][number]): Record<string, CsvValue> => ({
    month: statement.month,
    usageHours: acceleratorHoursText(a.usageSeconds),
    usageKrw: a.usageKrw,
    creditedHours: acceleratorHoursText(a.creditedSeconds),
    creditedKrw: a.creditedKrw,
    chargedKrw: a.chargedKrw,
    governmentKrw: a.governmentKrw,
    coPayKrw: a.coPayKrw,
  });
  const { totals } = statement;
  const rows = [
    ...statement.lines.map((l) => ({ ...amounts(l), projectId: l.projectId, programId: l.programId, acceleratorClass: l.acceleratorClass, model: l.model })),
    { ...amounts(totals), projectId: totalLabel(headers), vatKrw: totals.vatKrw, totalDueKrw: totals.totalDueKrw },
  ];
  return toCsv(ORGANIZATION_COLUMNS, rows, headers);
}

const OPERATOR_COLUMNS: readonly CsvColumn[] = [
  { key: "month", ko: "정산 월", en: "Month" },
  { key: "site", ko: "사이트", en: "Site" },
  { key: "cluster", ko: "클러스터", en: "Cluster" },
  { key: "acceleratorClass", ko: "가속기 분류", en: "Accelerator class" },
  { key: "model", ko: "모델", en: "Model" },
  { key: "deliveredHours", ko: "제공 가속기 시간", en: "Accelerator-hours delivered" },
  { key: "deliveredKrw", ko: "제공 금액(원)", en: "Delivered value (KRW)" },
  { key: "creditedHours", ko: "감면 가속기 시간", en: "Accelerator-hours credited" },
  { key: "creditedKrw", ko: "감면 금액(원)", en: "Credited value (KRW)" },
  { key: "settledHours", ko: "정산 가속기 시간", en: "Accelerator-hours settled" },
  { key: "settlementKrw", ko: "정산 금액(원)", en: "Settlement (KRW)" },
];

/** An operator's statement as CSV: lines, then the total. */
export function operatorStatementCsv(statement: OperatorStatement, headers: CsvHeaderLanguage = "both"): string {
  const amounts = (a: OperatorStatement["totals"]): Record<string, CsvValue> => ({
    month: statement.month,
    deliveredHours: acceleratorHoursText(a.deliveredSeconds),
    deliveredKrw: a.deliveredKrw,
    creditedHours: acceleratorHoursText(a.creditedSeconds),
    creditedKrw: a.creditedKrw,
    settledHours: acceleratorHoursText(a.settledSeconds),
    settlementKrw: a.settlementKrw,
  });
  const rows = [
    ...statement.lines.map((l) => ({ ...amounts(l), site: l.site, cluster: l.cluster, acceleratorClass: l.acceleratorClass, model: l.model })),
    { ...amounts(statement.totals), site: totalLabel(headers) },
  ];
  return toCsv(OPERATOR_COLUMNS, rows, headers);
}
