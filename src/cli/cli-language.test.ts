import { describe, expect, it } from "vitest";
import { cliLanguage, reasonIn } from "./cli-language.js";

describe("cliLanguage", () => {
  it.each([
    [{}, "en"],
    [{ LANG: "ko_KR.UTF-8" }, "ko"],
    [{ LANG: "ko" }, "ko"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "C.UTF-8" }, "en"],
    [{ LANG: "en_US.UTF-8", LC_MESSAGES: "ko_KR.UTF-8" }, "ko"],
    [{ LC_MESSAGES: "ko_KR.UTF-8", LC_ALL: "C" }, "en"],
    [{ LANG: "ko_KR.UTF-8", LC_ALL: "" }, "ko"],
  ])("%j -> %s", (env, expected) => {
    expect(cliLanguage(undefined, env)).toBe(expected);
  });

  it("lets --lang override the locale", () => {
    expect(cliLanguage("ko", { LANG: "en_US.UTF-8" })).toBe("ko");
    expect(cliLanguage("en", { LC_ALL: "ko_KR.UTF-8" })).toBe("en");
  });

  it("shows a workload's or an event's Korean reason when there is one, and the English one otherwise", () => {
    const waiting = { reason: "project p1 has no hopper quota", reasonText: { ko: "프로젝트 p1에는 hopper 할당량이 없습니다", en: "project p1 has no hopper quota" } };
    const running = { reason: "running on ta", reasonText: { ko: "ta에서 실행 중", en: "running on ta" } };
    const writtenBeforeClauses = { reason: "cancelled by someone", reasonText: null };
    expect(reasonIn(waiting, "ko")).toBe("프로젝트 p1에는 hopper 할당량이 없습니다");
    expect(reasonIn(waiting, "en")).toBe("project p1 has no hopper quota");
    expect(reasonIn(running, "ko")).toBe("ta에서 실행 중");
    expect(reasonIn(writtenBeforeClauses, "ko")).toBe("cancelled by someone");
    // The English text names the project where the written reason has its id.
    const named = { reason: "project 01a2 has no hopper quota", reasonText: { ko: "프로젝트 흉부 X선의 hopper 할당량이 없습니다", en: "project 흉부 X선 has no hopper quota" } };
    expect(reasonIn(named, "en")).toBe("project 흉부 X선 has no hopper quota");
  });
});
