/**
 * Program and call reports: applications, acceptance rate, awarded accelerator-hours and KRW, the
 * government share and the co-pay, in total and by organization type, region and sector, with
 * progress toward the program's targets; and their CSV export. One pass over the applications
 * (O(n)); pass a call's applications for a call report.
 */
import { KSIC_SECTIONS, type KsicSection } from "../ksic.js";
import { FULL_SHARE_BP, type BasisPoints } from "../money.js";
import { ORGANIZATION_TYPES, type OrganizationType } from "../organization.js";
import { REGIONS, type RegionCode } from "../regions.js";
import type { ApplicationState } from "./application-state.js";
import { toCsv, type CsvColumn, type CsvHeaderLanguage, type CsvValue } from "./csv.js";
import { targetProgress, type Target, type TargetProgress } from "./target.js";
import { ownValue } from "./own-value.js";

/** Korean and English names of organization types, for reports. */
export const ORGANIZATION_TYPE_LABELS: Readonly<Record<OrganizationType, { readonly ko: string; readonly en: string }>> = Object.freeze({
  startup: { ko: "스타트업", en: "Startup" },
  sme: { ko: "중소기업", en: "SME" },
  midsize: { ko: "중견기업", en: "Midsize company" },
  large: { ko: "대기업", en: "Large company" },
  university: { ko: "대학", en: "University" },
  research_institute: { ko: "연구기관", en: "Research institute" },
  hospital: { ko: "병원", en: "Hospital" },
  public_agency: { ko: "공공기관", en: "Public agency" },
  nonprofit: { ko: "비영리기관", en: "Nonprofit" },
});

/** What a report needs to know about one application. */
export interface ReportApplication {
  readonly applicationId: string;
  readonly organizationId: string;
  readonly organizationType: OrganizationType;
  readonly region: RegionCode;
  readonly sector: KsicSection;
  readonly state: ApplicationState;
  /** The award's current commitment and its split, for accepted applications; null otherwise. */
  readonly award: {
    readonly acceleratorHours: Readonly<Record<string, bigint>>;
    readonly krw: bigint;
    readonly governmentKrw: bigint;
    readonly coPayKrw: bigint;
  } | null;
}

/** The dimensions a report breaks down by. */
export type ReportDimension = "total" | "organization_type" | "region" | "sector";

/** One line of a report. */
export interface ReportRow {
  readonly dimension: ReportDimension;
  readonly key: string;
  readonly label: { readonly ko: string; readonly en: string };
  /** Applications submitted (every state but draft). */
  readonly applications: number;
  /** Accepted plus rejected. */
  readonly decided: number;
  readonly accepted: number;
  /** accepted / decided in basis points, rounded down; null before any decision. */
  readonly acceptanceRateBp: BasisPoints | null;
  /** Distinct organizations with an accepted application. */
  readonly awardedOrganizations: number;
  readonly acceleratorHours: Readonly<Record<string, bigint>>;
  readonly krw: bigint;
  readonly governmentKrw: bigint;
  readonly coPayKrw: bigint;
}

/** A whole report. */
export interface ProgramReport {
  readonly total: ReportRow;
  readonly byOrganizationType: readonly ReportRow[];
  readonly byRegion: readonly ReportRow[];
  readonly bySector: readonly ReportRow[];
  readonly targets: readonly TargetProgress[];
}

function row(dimension: ReportDimension, key: string, label: { ko: string; en: string }, apps: readonly ReportApplication[]): ReportRow {
  const submitted = apps.filter((a) => a.state !== "draft");
  const accepted = submitted.filter((a) => a.state === "accepted");
  const decided = accepted.length + submitted.filter((a) => a.state === "rejected").length;
  const hours: Record<string, bigint> = {};
  let krw = 0n;
  let governmentKrw = 0n;
  let coPayKrw = 0n;
  for (const a of accepted) {
    if (a.award === null) continue;
    for (const [cls, h] of Object.entries(a.award.acceleratorHours)) hours[cls] = (ownValue(hours, cls) ?? 0n) + h;
    krw += a.award.krw;
    governmentKrw += a.award.governmentKrw;
    coPayKrw += a.award.coPayKrw;
  }
  return {
    dimension,
    key,
    label,
    applications: submitted.length,
    decided,
    accepted: accepted.length,
    acceptanceRateBp: decided === 0 ? null : Math.floor((accepted.length * FULL_SHARE_BP) / decided),
    awardedOrganizations: new Set(accepted.map((a) => a.organizationId)).size,
    acceleratorHours: Object.fromEntries(Object.entries(hours).sort(([a], [b]) => (a < b ? -1 : 1))),
    krw,
    governmentKrw,
    coPayKrw,
  };
}

function breakdown<K extends string>(
  dimension: ReportDimension,
  order: readonly K[],
  labelOf: (k: K) => { ko: string; en: string },
  keyOf: (a: ReportApplication) => K,
  apps: readonly ReportApplication[],
): ReportRow[] {
  const groups = new Map<K, ReportApplication[]>();
  for (const a of apps) {
    const k = keyOf(a);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [a]);
    else list.push(a);
  }
  return order.filter((k) => groups.has(k)).map((k) => row(dimension, k, labelOf(k), groups.get(k)!));
}

/** The report over the given applications, with progress toward `targets` from the accepted ones. */
export function programReport(applications: readonly ReportApplication[], targets: readonly Target[]): ProgramReport {
  const awarded = applications.filter((a) => a.state === "accepted" && a.award !== null);
  return {
    total: row("total", "total", { ko: "전체", en: "Total" }, applications),
    byOrganizationType: breakdown("organization_type", ORGANIZATION_TYPES, (k) => ORGANIZATION_TYPE_LABELS[k], (a) => a.organizationType, applications),
    byRegion: breakdown("region", Object.keys(REGIONS) as RegionCode[], (k) => REGIONS[k], (a) => a.region, applications),
    bySector: breakdown("sector", Object.keys(KSIC_SECTIONS) as KsicSection[], (k) => KSIC_SECTIONS[k], (a) => a.sector, applications),
    targets: targetProgress(
      targets,
      awarded.map((a) => ({ organizationId: a.organizationId, organizationType: a.organizationType, region: a.region, sector: a.sector, acceleratorHours: a.award!.acceleratorHours })),
    ),
  };
}

/** Basis points as a percentage with two decimals: 6,250 -> "62.50". */
export function percentText(bp: BasisPoints | null): string {
  if (bp === null) return "";
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
}

/**
 * The report as CSV: the total, then every breakdown row, one column per accelerator class that
 * appears, amounts in whole won.
 */
export function programReportCsv(report: ProgramReport, headers: CsvHeaderLanguage = "both"): string {
  const rows = [report.total, ...report.byOrganizationType, ...report.byRegion, ...report.bySector];
  const classes = [...new Set(rows.flatMap((r) => Object.keys(r.acceleratorHours)))].sort();
  const columns: CsvColumn[] = [
    { key: "dimension", ko: "구분", en: "Dimension" },
    { key: "key", ko: "코드", en: "Code" },
    { key: "nameKo", ko: "이름", en: "Name (Korean)" },
    { key: "nameEn", ko: "영문 이름", en: "Name" },
    { key: "applications", ko: "신청 건수", en: "Applications" },
    { key: "decided", ko: "심사 완료", en: "Decided" },
    { key: "accepted", ko: "선정 건수", en: "Accepted" },
    { key: "acceptanceRate", ko: "선정률(%)", en: "Acceptance rate (%)" },
    { key: "awardedOrganizations", ko: "선정 기관 수", en: "Awarded organizations" },
    ...classes.map((c) => ({ key: `hours:${c}`, ko: `배정 가속기 시간 (${c})`, en: `Awarded accelerator-hours (${c})` })),
    { key: "krw", ko: "배정 금액(원)", en: "Awarded (KRW)" },
    { key: "governmentKrw", ko: "정부 지원금(원)", en: "Government share (KRW)" },
    { key: "coPayKrw", ko: "기관 부담금(원)", en: "Co-pay (KRW)" },
  ];
  const data = rows.map((r): Record<string, CsvValue> => ({
    dimension: r.dimension,
    key: r.key,
    nameKo: r.label.ko,
    nameEn: r.label.en,
    applications: r.applications,
    decided: r.decided,
    accepted: r.accepted,
    acceptanceRate: percentText(r.acceptanceRateBp),
    awardedOrganizations: r.awardedOrganizations,
    ...Object.fromEntries(classes.map((c) => [`hours:${c}`, r.acceleratorHours[c] ?? 0n])),
    krw: r.krw,
    governmentKrw: r.governmentKrw,
    coPayKrw: r.coPayKrw,
  }));
  return toCsv(columns, data, headers);
}
