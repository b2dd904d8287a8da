import { describe, expect, it } from "vitest";
import { homeFor, landlordNav, navGroups } from "./roles";

const texts = (role: string) => landlordNav(role, "riverside", "/l/riverside/dashboard").map((n) => n.text);

describe("what each role is offered", () => {
  it("shows the dashboard only to those who oversee complaint handling, the reports first for those who oversee", () => {
    expect(texts("mrc")).toEqual([
      "Dashboard",
      "Early warning",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
      "Annual submission",
      "Learning",
      "Complaints",
      "Service requests",
      "Residents",
      "Emails you get",
    ]);
    expect(texts("governing_body")).toEqual(["Dashboard", "Regulator's measures", "Self-assessment", "Annual report", "Annual submission", "Learning", "Emails you get"]);
    expect(texts("complaints_officer")).toEqual([
      "Complaints",
      "Log a complaint",
      "Service requests",
      "Letters to post",
      "Residents",
      "Reviews due",
      "Dashboard",
      "Early warning",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
      "Annual submission",
      "Learning",
      "Emails you get",
    ]);
    expect(texts("landlord_admin")).toContain("Dashboard");
    // The residents' panel sees at least what the public sees: the published figures, the
    // published annual report and the published learning.
    expect(texts("panel_member")).toEqual(["Published figures", "Annual report", "Learning"]);
    expect(texts("case_handler")).toEqual(["Complaints", "Log a complaint", "Service requests", "Residents", "Learning", "Emails you get"]);
    expect(texts("contractor")).toEqual(["Complaints", "Emails you get"]);
  });

  it("gathers the pages into cases, people, reports and administration, each opening on its first page", () => {
    const groups = navGroups(landlordNav("landlord_admin", "riverside", "/l/riverside/reviews"));
    expect(groups.map((g) => [g.text, g.href, g.current, g.items.map((i) => i.text)])).toEqual([
      ["Cases", "/l/riverside/complaints", false, ["Complaints", "Log a complaint", "Service requests", "Letters to post"]],
      ["People", "/l/riverside/residents", true, ["Residents", "Reviews due"]],
      ["Reports", "/l/riverside/dashboard", false, ["Dashboard", "Early warning", "Regulator's measures", "Self-assessment", "Annual report", "Annual submission", "Learning"]],
      ["Administration", "/l/riverside/admin", false, ["Administration"]],
      ["Account", "/l/riverside/subscriptions", false, ["Emails you get"]],
    ]);
    expect(navGroups(landlordNav("mrc", "riverside", "/l/riverside/dashboard")).map((g) => g.text)).toEqual(["Reports", "Cases", "People", "Account"]);
    expect(navGroups(landlordNav("contractor", "riverside", "/l/riverside/complaints")).map((g) => g.text)).toEqual(["Cases", "Account"]);
  });

  it("offers administration to the landlord admin only", () => {
    expect(texts("landlord_admin")).toEqual([
      "Complaints",
      "Log a complaint",
      "Service requests",
      "Letters to post",
      "Residents",
      "Reviews due",
      "Dashboard",
      "Early warning",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
      "Annual submission",
      "Learning",
      "Administration",
      "Emails you get",
    ]);
    for (const role of ["complaints_officer", "case_handler", "contractor", "mrc", "governing_body", "panel_member"]) {
      expect(texts(role)).not.toContain("Administration");
    }
    for (const page of ["admin", "settings", "users/abc", "contractors", "outbox", "letter-templates/acknowledgement"]) {
      const nav = landlordNav("landlord_admin", "riverside", `/l/riverside/${page}`);
      expect(nav.filter((n) => n.current).map((n) => n.text)).toEqual(["Administration"]);
    }
  });

  it("marks the page's own section as current, its sub-pages included", () => {
    const nav = landlordNav("mrc", "riverside", "/l/riverside/dashboard/cases");
    expect(nav.filter((n) => n.current).map((n) => n.text)).toEqual(["Dashboard"]);
    expect(landlordNav("mrc", "riverside", "/l/riverside/learning/abc").find((n) => n.current)?.text).toBe("Learning");
    expect(landlordNav("case_handler", "riverside", "/l/riverside/residents/abc/adjustments/new").find((n) => n.current)?.text).toBe("Residents");
    expect(landlordNav("complaints_officer", "riverside", "/l/riverside/reviews").find((n) => n.current)?.text).toBe("Reviews due");
    const letters = landlordNav("complaints_officer", "riverside", "/l/riverside/letters").find((n) => n.current);
    expect(letters).toEqual({ href: "/l/riverside/letters?delivery=post", text: "Letters to post", current: true, group: "Cases" });
    expect(landlordNav("governing_body", "riverside", "/l/riverside/self-assessment/2025/section/6").find((n) => n.current)?.text).toBe(
      "Self-assessment",
    );
    expect(landlordNav("mrc", "riverside", "/l/riverside/annual-report/2025").find((n) => n.current)?.text).toBe("Annual report");
  });

  it("offers the self-assessment and annual report to those who oversee complaint handling only", () => {
    for (const role of ["landlord_admin", "complaints_officer", "mrc", "governing_body"]) {
      expect(texts(role)).toContain("Self-assessment");
      expect(texts(role)).toContain("Annual report");
    }
    for (const role of ["case_handler", "contractor", "panel_member"]) {
      expect(texts(role)).not.toContain("Self-assessment");
    }
    for (const role of ["case_handler", "contractor"]) {
      expect(texts(role)).not.toContain("Annual report");
    }
  });

  it("starts each role where its work is", () => {
    expect(homeFor({ landlord: "riverside", role: "mrc" })).toBe("/l/riverside/dashboard");
    expect(homeFor({ landlord: "riverside", role: "governing_body" })).toBe("/l/riverside/dashboard");
    expect(homeFor({ landlord: "riverside", role: "complaints_officer" })).toBe("/l/riverside/complaints");
    expect(homeFor({ landlord: "riverside", role: "panel_member" })).toBe("/l/riverside/learning");
    expect(homeFor({ landlord: "st marys", role: "case_handler" })).toBe("/l/st%20marys/complaints");
  });
});
