import { describe, expect, it } from "vitest";
import { penceFromPounds } from "./money";
import { pounds } from "./words";

describe("amounts of money", () => {
  it("reads pounds and pence", () => {
    expect(penceFromPounds("150")).toBe(15000);
    expect(penceFromPounds("75.5")).toBe(7550);
    expect(penceFromPounds(" £1,200.05 ")).toBe(120005);
  });

  it("refuses what is not an amount", () => {
    expect(penceFromPounds("")).toBeNull();
    expect(penceFromPounds("ten")).toBeNull();
    expect(penceFromPounds("1.234")).toBeNull();
    expect(penceFromPounds("-5")).toBeNull();
  });
});

describe("money reads as pounds", () => {
  it("groups thousands and keeps the pence", () => {
    expect(pounds(7763000)).toBe("£77,630.00");
    expect(pounds(5)).toBe("£0.05");
    expect(pounds(15000)).toBe("£150.00");
  });
});
