import { describe, expect, it } from "vitest";
import { formatCell } from "./output.js";

describe("formatCell", () => {
  it("shows the API's UTC instants as Seoul wall-clock time", () => {
    expect(formatCell("submittedAt", "2026-11-30T03:32:14.543Z")).toBe("2026-11-30 12:32:14 KST");
    // 15:00 UTC on the last day of the year is already the new year in Seoul.
    expect(formatCell("endedAt", "2026-12-31T15:00:00.000Z")).toBe("2027-01-01 00:00:00 KST");
    expect(formatCell("at", "2026-12-31T14:59:59Z")).toBe("2026-12-31 23:59:59 KST");
    expect(formatCell("opensAt", "2026-03-02T09:00:00+09:00")).toBe("2026-03-02 09:00:00 KST");
  });

  it("groups won amounts in thousands, whether the API sent digits, a number or a bigint", () => {
    expect(formatCell("committedKrw", 70_000_000)).toBe("70,000,000");
    expect(formatCell("coPayKrw", "1250000")).toBe("1,250,000");
    expect(formatCell("returnedKrw", "-5000")).toBe("-5,000");
    expect(formatCell("totalDueKrw", 123_456_789_012_345_678_901n)).toBe("123,456,789,012,345,678,901");
    expect(formatCell("vatKrw", 0)).toBe("0");
  });

  it("leaves other fields, and values that are not what their name says, as they are", () => {
    expect(formatCell("accelerators", 1000)).toBe("1000");
    expect(formatCell("createdAt", "not yet")).toBe("not yet");
    expect(formatCell("month", "2026-11")).toBe("2026-11");
    expect(formatCell("chargedKrw", 12.5)).toBe("12.5");
    expect(formatCell("startedAt", null)).toBe("-");
    expect(formatCell("nodeNames", ["a", "b"])).toBe("a,b");
  });
});
