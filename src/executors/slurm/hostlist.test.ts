import { describe, expect, it } from "vitest";
import { expandHostlist } from "./hostlist.js";

describe("expandHostlist", () => {
  it.each([
    ["h100n2", ["h100n2"]],
    ["h200n[1-2]", ["h200n1", "h200n2"]],
    ["gpu[08-10,12],login1", ["gpu08", "gpu09", "gpu10", "gpu12", "login1"]],
    ["r[1-2]n[1-2]", ["r1n1", "r1n2", "r2n1", "r2n2"]],
    ["", []],
    ["(null)", []],
  ])("%s", (list, names) => {
    expect(expandHostlist(list)).toEqual(names);
  });

  it("refuses a list it cannot read", () => {
    expect(() => expandHostlist("n[1-")).toThrow(RangeError);
    expect(() => expandHostlist("n[a-b]")).toThrow(RangeError);
  });
});
