import { describe, expect, it } from "vitest";
import { isHighwayError } from "../domain/errors.js";
import { cliLanguage, reasonIn } from "./language.js";

describe("CLI language", () => {
  it.each([
    [undefined, {}, "en"],
    [undefined, { LANG: "ko_KR.UTF-8" }, "ko"],
    [undefined, { LANG: "ko" }, "ko"],
    [undefined, { LANG: "en_US.UTF-8" }, "en"],
    [undefined, { LANG: "kok_IN" }, "en"],
    [undefined, { LANG: "ko_KR.UTF-8", LC_ALL: "C" }, "en"],
    [undefined, { LANG: "en_US.UTF-8", LC_MESSAGES: "ko_KR.UTF-8" }, "ko"],
    [undefined, { LANG: "ko_KR.UTF-8", LC_ALL: "" }, "ko"],
    ["en", { LANG: "ko_KR.UTF-8" }, "en"],
    ["KO", {}, "ko"],
  ] as const)("--lang %s with %j writes %s", (option, env, lang) => {
    expect(cliLanguage(option, env)).toBe(lang);
  });

  it("refuses a language it does not write", () => {
    expect(() => cliLanguage("ja", {})).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
    try {
      cliLanguage("ja", {});
    } catch (error) {
      expect(isHighwayError(error)).toBe(true);
    }
  });

  it("shows the Korean reason when there is one, and the English one otherwise", () => {
    const waiting = { reason: "project p1 has no hopper quota", reasonText: { ko: "프로젝트 p1에는 hopper 할당량이 없습니다", en: "project p1 has no hopper quota" } };
    const ended = { reason: "cancelled by someone", reasonText: null };
    expect(reasonIn(waiting, "ko")).toBe("프로젝트 p1에는 hopper 할당량이 없습니다");
    expect(reasonIn(waiting, "en")).toBe("project p1 has no hopper quota");
    expect(reasonIn(ended, "ko")).toBe("cancelled by someone");
  });
});
