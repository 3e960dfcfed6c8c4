import { describe, expect, it } from "vitest";
import { negotiateLanguage, parseAcceptLanguage } from "./accept-language.js";

describe("Accept-Language", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["ko", "ko"],
    ["ko-KR", "ko"],
    ["KO-kr", "ko"],
    ["ko-KR,ko;q=0.9,en;q=0.8", "ko"],
    ["en-US,en;q=0.9,ko;q=0.8", "en"],
    ["en;q=0.5, ko;q=0.8", "ko"],
    ["en;q=0.5,ko;q=0.5", "en"],
    ["ko;q=0.5,en;q=0.5", "ko"],
    ["fr-FR, de;q=0.9", "en"],
    ["fr, ko;q=0.1", "ko"],
    ["ko;q=0", "en"],
    ["ko;q=0, *", "en"],
    ["en;q=0, *;q=0.3", "ko"],
    ["*", "en"],
    ["*;q=0.9, ko;q=0.9", "ko"],
    ["ko;q=1.5, en;q=0.2", "en"],
    ["ko;q=abc", "en"],
    ["ko;q=0.8000", "en"],
    ["ko ; q = 0.7 , en ; q = 0.6", "ko"],
    ["ko-KR;q=0.9;level=1", "ko"],
    ["12345, ko", "ko"],
  ])("%j -> %s", (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it("skips malformed elements and keeps the others' order and weights", () => {
    expect(parseAcceptLanguage("ko-KR, bad range;q=1, en;q=0.50, x;q=2")).toEqual([
      { range: "ko-kr", q: 1, index: 0 },
      { range: "en", q: 0.5, index: 1 },
    ]);
  });
});
