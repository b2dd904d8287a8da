import { describe, expect, it } from "vitest";
import { homeFor, landlordNav } from "./roles";

const texts = (role: string) => landlordNav(role, "riverside", "/l/riverside/dashboard").map((n) => n.text);

describe("what each role is offered", () => {
  it("shows the dashboard only to those who oversee complaint handling", () => {
    expect(texts("mrc")).toEqual(["Dashboard", "Complaints", "Regulator's measures", "Learning", "Emails you get"]);
    expect(texts("governing_body")).toEqual(["Dashboard", "Regulator's measures", "Learning", "Emails you get"]);
    expect(texts("complaints_officer")).toEqual(["Complaints", "Dashboard", "Regulator's measures", "Learning", "Emails you get"]);
    expect(texts("landlord_admin")).toContain("Dashboard");
    expect(texts("panel_member")).toEqual(["Published figures", "Learning"]);
    expect(texts("case_handler")).toEqual(["Complaints", "Learning", "Emails you get"]);
    expect(texts("contractor")).toEqual(["Complaints", "Emails you get"]);
  });

  it("marks the page's own section as current, its sub-pages included", () => {
    const nav = landlordNav("mrc", "riverside", "/l/riverside/dashboard/cases");
    expect(nav.filter((n) => n.current).map((n) => n.text)).toEqual(["Dashboard"]);
    expect(landlordNav("mrc", "riverside", "/l/riverside/learning/abc").find((n) => n.current)?.text).toBe("Learning");
  });

  it("starts each role where its work is", () => {
    expect(homeFor({ landlord: "riverside", role: "mrc" })).toBe("/l/riverside/dashboard");
    expect(homeFor({ landlord: "riverside", role: "governing_body" })).toBe("/l/riverside/dashboard");
    expect(homeFor({ landlord: "riverside", role: "complaints_officer" })).toBe("/l/riverside/complaints");
    expect(homeFor({ landlord: "riverside", role: "panel_member" })).toBe("/l/riverside/learning");
    expect(homeFor({ landlord: "st marys", role: "case_handler" })).toBe("/l/st%20marys/complaints");
  });
});
