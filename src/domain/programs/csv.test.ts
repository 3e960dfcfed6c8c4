import { describe, expect, it } from "vitest";
import { csvField, toCsv, UTF8_BOM } from "./csv.js";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["제조업", "제조업"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\r\nlines", '"two\r\nlines"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    [-5n, "-5"],
    [12, "12"],
    [null, ""],
  ] as const)("%s", (value, text) => {
    expect(csvField(value)).toBe(text);
  });
});

describe("toCsv", () => {
  const columns = [
    { key: "name", ko: "이름", en: "Name" },
    { key: "krw", ko: "금액(원)", en: "Amount (KRW)" },
  ];
  it("opens with a BOM and ends every line with CRLF", () => {
    const csv = toCsv(columns, [{ name: "광주, AI", krw: 1_250_000_000n }], "both");
    expect(csv).toBe(`${UTF8_BOM}이름 / Name,금액(원) / Amount (KRW)\r\n"광주, AI",1250000000\r\n`);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
  it("writes headers in one language when asked", () => {
    expect(toCsv(columns, [], "ko")).toBe(`${UTF8_BOM}이름,금액(원)\r\n`);
    expect(toCsv(columns, [], "en")).toBe(`${UTF8_BOM}Name,Amount (KRW)\r\n`);
  });
});
