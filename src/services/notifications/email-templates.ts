/**
 * E-mail texts for every event type in Korean and English. People carry no preferred language
 * yet, so each message holds both: the Korean text first, then the English one. Amounts come from
 * the payload as decimal strings of won and are shown with `formatWon` (억/조 in Korean); times are
 * shown in Asia/Seoul.
 */
import { seoulWallClock } from "../../domain/clock.js";
import { formatWon } from "../../domain/money.js";
import type { JsonValue, NotificationEnvelope, NotificationType } from "./event-types.js";

/** The languages every user-facing text exists in. */
export type Language = "ko" | "en";

/** A rendered message in one language. */
export interface RenderedText {
  readonly subject: string;
  readonly text: string;
}

type Payload = NotificationEnvelope["payload"];

function str(payload: Payload, key: string): string | undefined {
  const value: JsonValue | undefined = payload[key];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function won(payload: Payload, key: string, lang: Language): string | undefined {
  const value = str(payload, key);
  if (value === undefined || !/^-?\d{1,24}$/.test(value)) return undefined;
  return formatWon(BigInt(value), lang === "ko" ? "ko" : "en");
}

/** An ISO instant as "2026-12-05 18:00 KST" (Korea keeps UTC+9 all year). */
function seoul(payload: Payload, key: string): string | undefined {
  const value = str(payload, key);
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value))) return undefined;
  return `${seoulWallClock(value)} KST`;
}

function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string").join("\n");
}

const DECISIONS_KO: Record<string, string> = { accepted: "선정", rejected: "미선정", revision_requested: "보완 요청" };

type Template = (p: Payload, lang: Language) => RenderedText;

const TEMPLATES: Record<NotificationType, Template> = {
  "application.submitted": (p, lang) =>
    lang === "ko"
      ? { subject: "[AI 고속도로] 신청서가 제출되었습니다", text: lines("신청서가 제출되었습니다.", `신청서 번호: ${str(p, "applicationId") ?? "-"}`, str(p, "callId") && `공모: ${str(p, "callId")}`) }
      : { subject: "[AI Highway] Application submitted", text: lines("An application has been submitted.", `Application: ${str(p, "applicationId") ?? "-"}`, str(p, "callId") && `Call: ${str(p, "callId")}`) },
  "review.assigned": (p, lang) =>
    lang === "ko"
      ? { subject: "[AI 고속도로] 심사가 배정되었습니다", text: lines("새 심사가 배정되었습니다.", `신청서 번호: ${str(p, "applicationId") ?? "-"}`, seoul(p, "dueAt") && `마감: ${seoul(p, "dueAt")}`) }
      : { subject: "[AI Highway] Review assigned", text: lines("A review has been assigned to you.", `Application: ${str(p, "applicationId") ?? "-"}`, seoul(p, "dueAt") && `Due: ${seoul(p, "dueAt")}`) },
  "review.due": (p, lang) =>
    lang === "ko"
      ? { subject: "[AI 고속도로] 심사 마감이 다가옵니다", text: lines("심사 마감이 다가옵니다.", `신청서 번호: ${str(p, "applicationId") ?? "-"}`, seoul(p, "dueAt") && `마감: ${seoul(p, "dueAt")}`) }
      : { subject: "[AI Highway] Review due soon", text: lines("A review assigned to you is due soon.", `Application: ${str(p, "applicationId") ?? "-"}`, seoul(p, "dueAt") && `Due: ${seoul(p, "dueAt")}`) },
  "decision.made": (p, lang) => {
    const decision = str(p, "decision") ?? "-";
    return lang === "ko"
      ? {
          subject: `[AI 고속도로] 심사 결과: ${DECISIONS_KO[decision] ?? decision}`,
          text: lines(`신청서에 대한 결정이 내려졌습니다: ${DECISIONS_KO[decision] ?? decision}.`, `신청서 번호: ${str(p, "applicationId") ?? "-"}`, won(p, "awardedWon", lang) && `지원 금액: ${won(p, "awardedWon", lang)}`, str(p, "projectId") && `과제 번호: ${str(p, "projectId")}`),
        }
      : {
          subject: `[AI Highway] Decision: ${decision.replace("_", " ")}`,
          text: lines(`A decision has been made on the application: ${decision.replace("_", " ")}.`, `Application: ${str(p, "applicationId") ?? "-"}`, won(p, "awardedWon", lang) && `Award: ${won(p, "awardedWon", lang)}`, str(p, "projectId") && `Project: ${str(p, "projectId")}`),
        };
  },
  "tranche.released": (p, lang) =>
    lang === "ko"
      ? { subject: "[AI 고속도로] 단계별 배분이 해제되었습니다", text: lines("다음 단계의 자원이 배분되었습니다.", `배분 번호: ${str(p, "allocationId") ?? "-"}`, str(p, "acceleratorHours") && `가속기 시간: ${str(p, "acceleratorHours")}시간`, won(p, "amountWon", lang) && `금액: ${won(p, "amountWon", lang)}`) }
      : { subject: "[AI Highway] Tranche released", text: lines("The next tranche of your allocation has been released.", `Allocation: ${str(p, "allocationId") ?? "-"}`, str(p, "acceleratorHours") && `Accelerator-hours: ${str(p, "acceleratorHours")}`, won(p, "amountWon", lang) && `Amount: ${won(p, "amountWon", lang)}`) },
  "reclaim.warning": (p, lang) =>
    lang === "ko"
      ? { subject: "[AI 고속도로] 미사용 자원 회수 예고", text: lines("배분된 자원의 사용량이 기준에 못 미칩니다. 계속 사용하지 않으면 일부가 회수될 수 있습니다.", `배분 번호: ${str(p, "allocationId") ?? "-"}`, seoul(p, "reclaimAt") && `회수 예정: ${seoul(p, "reclaimAt")}`) }
      : { subject: "[AI Highway] Idle allocation: reclaim warning", text: lines("Use of your allocation stays below the program's threshold. Part of it may be reclaimed unless use picks up.", `Allocation: ${str(p, "allocationId") ?? "-"}`, seoul(p, "reclaimAt") && `Reclaim from: ${seoul(p, "reclaimAt")}`) },
  "test.ping": (_p, lang) =>
    lang === "ko" ? { subject: "[AI 고속도로] 테스트 알림", text: "알림 설정을 확인하는 테스트 메시지입니다." } : { subject: "[AI Highway] Test notification", text: "This is a test message to check your notification settings." },
};

/** The text of an event in one language. */
export function renderEmail(envelope: NotificationEnvelope, lang: Language): RenderedText {
  return TEMPLATES[envelope.type](envelope.payload, lang);
}

/** The one message every recipient gets: Korean first, then English, with a reference to the event. */
export function renderBilingualEmail(envelope: NotificationEnvelope): RenderedText {
  const ko = renderEmail(envelope, "ko");
  const en = renderEmail(envelope, "en");
  return {
    subject: `${ko.subject} / ${en.subject.replace(/^\[AI Highway\] /, "")}`,
    text: `${ko.text}\n\n----------------------------------------\n\n${en.text}\n\n(event ${envelope.id})\n`,
  };
}
