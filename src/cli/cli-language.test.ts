import { describe, expect, it } from "vitest";
import { cliLanguage } from "./cli-language.js";

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
});
