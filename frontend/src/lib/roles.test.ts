import { describe, expect, it } from "vitest";
import { homeFor, landlordNav } from "./roles";

const texts = (role: string) => landlordNav(role, "riverside", "/l/riverside/dashboard").map((n) => n.text);

describe("what each role is offered", () => {
  it("shows the dashboard only to those who oversee complaint handling", () => {
    expect(texts("mrc")).toEqual([
      "Dashboard",
      "Complaints",
      "Residents",
      "Service requests",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
      "Learning",
      "Emails you get",
    ]);
    expect(texts("governing_body")).toEqual(["Dashboard", "Regulator's measures",
      "Self-assessment",
      "Annual report", "Learning", "Emails you get"]);
    expect(texts("complaints_officer")).toEqual([
      "Complaints",
      "Residents",
      "Service requests",
      "Reviews due",
      "Letters to post",
      "Dashboard",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
      "Learning",
      "Emails you get",
    ]);
    expect(texts("landlord_admin")).toContain("Dashboard");
    expect(texts("panel_member")).toEqual(["Published figures", "Learning"]);
    expect(texts("case_handler")).toEqual(["Complaints", "Residents", "Service requests", "Learning", "Emails you get"]);
    expect(texts("contractor")).toEqual(["Complaints", "Emails you get"]);
  });

  it("offers administration to the landlord admin only", () => {
    expect(texts("landlord_admin")).toEqual([
      "Complaints",
      "Residents",
      "Service requests",
      "Reviews due",
      "Letters to post",
      "Dashboard",
      "Regulator's measures",
      "Self-assessment",
      "Annual report",
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
    expect(letters).toEqual({ href: "/l/riverside/letters?delivery=post", text: "Letters to post", current: true });
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
