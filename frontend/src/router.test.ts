import { describe, expect, it } from "vitest";
import { match } from "./router";

describe("matching the portal's addresses", () => {
  it("names the parts of a case address", () => {
    expect(match("/l/:slug/complaints/:id", "/l/riverside/complaints/0190-abc")).toEqual({
      slug: "riverside",
      id: "0190-abc",
    });
  });

  it("ignores a trailing slash and decodes the parts", () => {
    expect(match("/l/:slug/subscriptions", "/l/st%20marys/subscriptions/")).toEqual({ slug: "st marys" });
  });

  it("refuses addresses of another shape", () => {
    expect(match("/l/:slug/complaints/:id", "/l/riverside/complaints")).toBeNull();
    expect(match("/l/:slug/complaints", "/l/riverside/residents")).toBeNull();
  });
});
