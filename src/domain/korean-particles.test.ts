import { describe, expect, it } from "vitest";
import { endsInConsonant, withParticle } from "./korean-particles.js";

describe("Korean particles", () => {
  it.each([
    ["작업", "이/가", "작업이"],
    ["과제", "이/가", "과제가"],
    ["AI 과제 4", "이/가", "AI 과제 4가"],
    ["12340", "이/가", "12340이"],
    ["12347", "을/를", "12347을"],
    ["12349", "을/를", "12349를"],
    ["gb200", "은/는", "gb200은"],
    ["node-a", "과/와", "node-a와"],
    ["kernel", "이/가", "kernel이"],
    ["hopper", "을/를", "hopper를"],
    ["cluster-a-server", "이/가", "cluster-a-server가"],
    ["HPCR", "을/를", "HPCR을"],
    ["R", "이/가", "R이"],
    ["ar", "이/가", "ar이"],
    ["흉부 X선 판독 모델", "을/를", "흉부 X선 판독 모델을"],
    ["w-9)", "이/가", "w-9)이(가)"],
    ["", "을/를", "을(를)"],
  ] as const)("%j + %s -> %j", (word, pair, expected) => {
    expect(withParticle(word, pair)).toBe(expected);
  });

  it("reads every Hangul syllable by its final consonant", () => {
    expect(endsInConsonant("가")).toBe(false);
    expect(endsInConsonant("각")).toBe(true);
    expect(endsInConsonant("힣")).toBe(true);
    expect(endsInConsonant("하")).toBe(false);
  });
});
