import { describe, expect, it } from "vitest";
import { bandsFrom } from "../admin/RemedyBands";
import { bandOf, bandRange } from "./RemedyGuidance";

const bands = [
  { from_pence: 100, to_pence: 10_000 },
  { from_pence: 10_000, to_pence: 60_000 },
  { from_pence: 60_000, to_pence: null },
];

describe("the bands of financial redress", () => {
  it("place an amount in one band, and say each in pounds", () => {
    expect(bandOf(bands, 15_000)).toBe(1);
    expect(bandOf(bands, 10_000)).toBe(1);
    expect(bandOf(bands, 9_999)).toBe(0);
    expect(bandOf(bands, 250_000)).toBe(2);
    expect(bandOf(bands, null)).toBe(-1);
    expect(bandRange(bands[1]!)).toBe("£100.00 to £600.00");
    expect(bandRange(bands[2]!)).toBe("£600.00 or more");
  });

  it("are read from the admin's form, each wrong field named", () => {
    const ok = bandsFrom([
      { from: "1", to: "100", description: "Minor" },
      { from: "100", to: "", description: "More" },
    ]);
    expect(ok.errors.summary).toEqual([]);
    expect(ok.bands).toEqual([
      { from_pence: 100, to_pence: 10_000, description: "Minor" },
      { from_pence: 10_000, to_pence: null, description: "More" },
    ]);
    const bad = bandsFrom([
      { from: "one", to: "", description: " " },
      { from: "100", to: "", description: "More" },
    ]);
    expect(Object.keys(bad.errors.fields)).toEqual(["remedy_bands[0].from_pence", "remedy_bands[0].to_pence", "remedy_bands[0].description"]);
  });
});
