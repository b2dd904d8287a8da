import { formErrors } from "./problems";
import { describe, expect, it } from "vitest";
import {
  sectorFiguresFrom,
  targetsFrom,
  closureDaysTried,
  roleHint,
  MEMBERSHIP_ROLES,
  invitationLink,
  sampleNames,
  templateProblem,
  TEMPLATE_LABELS,
  settingsDraft,
  settingsPatch,
  templateChange,
  templateDraft,
  withoutBlankRows,
  type SettingsNow,
} from "./admin";

const now: SettingsNow = {
  name: "Riverside Homes",
  reference_prefix: "RIV",
  homes_low_cost_rental: 5200,
  homes_low_cost_home_ownership: 0,
  restriction_review_months: 6,
  letter_name: null,
  logo_url: null,
  contact_block: null,
  schemes: [
    {
      code: "housing",
      name: "Housing complaints",
      ombudsman: { name: "Housing Ombudsman Service", contact: "PO Box 1484, Unit D, Preston, PR2 0ET" },
      timescales: {
        stage1_acknowledge: 5,
        stage1_response: 10,
        stage1_extension: 10,
        stage2_acknowledge: 5,
        stage2_response: 20,
        stage2_extension: 20,
      },
    },
  ],
  closure_days: [{ date: "2025-12-29", reason: "Christmas closure" }],
};

describe("the settings form", () => {
  it("sends nothing when nothing changed", () => {
    const { body, errors } = settingsPatch(now, settingsDraft(now));
    expect(errors.summary).toEqual([]);
    expect(body).toEqual({});
  });

  it("sends only what changed, a scheme by its code", () => {
    const d = settingsDraft(now);
    d.homes = "5,300";
    d.letter_name = "Riverside Homes Complaints Team";
    d.schemes[0]!.timescales.stage1_response = "8";
    d.closure_days.push({ date: { day: "30", month: "12", year: "2025" }, reason: "Christmas closure" });
    const { body, errors } = settingsPatch(now, d);
    expect(errors.summary).toEqual([]);
    expect(body).toEqual({
      homes: 5300,
      letter_name: "Riverside Homes Complaints Team",
      schemes: [{ code: "housing", timescales: { stage1_response: 8 } }],
      closure_days: [
        { date: "2025-12-29", reason: "Christmas closure" },
        { date: "2025-12-30", reason: "Christmas closure" },
      ],
    });
  });

  it("clears an optional setting left blank", () => {
    const d = settingsDraft({ ...now, logo_url: "https://example.test/logo.png" });
    d.logo_url = " ";
    expect(settingsPatch({ ...now, logo_url: "https://example.test/logo.png" }, d).body).toEqual({ logo_url: null });
  });

  it("names each field the way the server does, so its refusals land on the same inputs", () => {
    const d = settingsDraft(now);
    d.name = "";
    d.schemes[0]!.timescales.stage2_response = "twenty";
    d.closure_days[0]!.reason = "";
    d.closure_days[0]!.date = { day: "31", month: "2", year: "2025" };
    const { errors } = settingsPatch(now, d);
    expect(Object.keys(errors.fields)).toEqual([
      "name",
      "schemes[0].timescales.stage2_response",
      "closure_days[0].date",
      "closure_days[0].reason",
    ]);
    expect(errors.summary.map((s) => s.href)).toEqual([
      "#name",
      "#schemes-0-timescales-stage2_response",
      "#closure_days-0-date",
      "#closure_days-0-reason",
    ]);
  });

  it("drops closure day rows left wholly blank, so the rows shown are the rows sent", () => {
    const d = settingsDraft(now);
    d.closure_days.unshift({ date: { day: "", month: "", year: "" }, reason: " " });
    const cleaned = withoutBlankRows(d);
    expect(cleaned.closure_days).toHaveLength(1);
    expect(settingsPatch(now, cleaned).body).toEqual({});
  });
});

describe("letter templates", () => {
  const defaults = { subject: "Your complaint {{ reference }}", text: "Dear {{ resident.name }}", html: "<p>Dear {{ resident.name }}</p>" };

  it("starts from the landlord's own wording where there is some", () => {
    expect(templateDraft(defaults, { subject: "About {{ reference }}", text: null, html: null })).toEqual({
      ...defaults,
      subject: "About {{ reference }}",
    });
  });

  it("saves only the parts that differ from the default", () => {
    expect(templateChange(defaults, null, { ...defaults, subject: "About {{ reference }}" })).toEqual({
      action: "put",
      body: { subject: "About {{ reference }}" },
    });
    const twoLines = { ...defaults, text: "Dear {{ resident.name }}\nThank you" };
    expect(templateChange(twoLines, null, { ...twoLines, text: "Dear {{ resident.name }}\r\nThank you" })).toEqual({ action: "none" });
  });

  it("removes the landlord's wording when every part is back to the default", () => {
    expect(templateChange(defaults, { subject: "Old" }, defaults)).toEqual({ action: "delete" });
  });

  it("lists the names the sample data offers", () => {
    expect(sampleNames({ reference: "RIV-1", resident: { name: "Sam", email: null }, remedies: [] })).toEqual([
      "reference",
      "resident.name",
      "resident.email",
      "remedies",
    ]);
  });
});

describe("a refused letter template", () => {
  const fields = ["subject", "text", "html"];
  it("names the broken part in the message and links to it", () => {
    const problem = {
      status: 422,
      title: "Unprocessable Entity",
      detail: "subject: syntax error",
      errors: [{ field: "subject", message: "syntax error: unexpected end of input, expected end of variable block (in acknowledgement.subject.j2:1)" }],
    };
    const errors = formErrors(templateProblem(problem), fields, TEMPLATE_LABELS);
    expect(errors.summary).toEqual([
      {
        text: "The subject: syntax error: unexpected end of input, expected end of variable block (in acknowledgement.subject.j2:1)",
        href: "#subject",
      },
    ]);
    expect(errors.fields.subject).toMatch(/^The subject: syntax error/);
  });

  it("lets a message that reads on from the name read on", () => {
    const problem = { status: 422, errors: [{ field: "html", message: "is empty: leave it out to keep the default" }] };
    expect(formErrors(templateProblem(problem), fields, TEMPLATE_LABELS).summary[0]?.text).toBe(
      "The HTML is empty: leave it out to keep the default",
    );
  });

  it("leaves other refusals as they are", () => {
    expect(templateProblem(null)).toBeNull();
    const forbidden = { status: 403, detail: "only a landlord admin may do this" };
    expect(templateProblem(forbidden)).toBe(forbidden);
  });
});

describe("invitations", () => {
  it("links to the portal's page for accepting", () => {
    expect(invitationLink("https://portal.test", "abc/def")).toBe("https://portal.test/invitations/abc%2Fdef");
  });
});

describe("the targets for the headline figures", () => {
  it("reads whole percentages, a blank as no target, and names the field of a wrong one", () => {
    expect(targetsFrom({ stage1_responded_in_time: "95", stage2_responded_in_time: " 90 % ", stage1_acknowledged_in_time: "" })).toEqual({
      targets: { stage1_responded_in_time: 95, stage2_responded_in_time: 90 },
      errors: { fields: {}, summary: [] },
    });
    const bad = targetsFrom({ stage1_acknowledged_in_time: "101", stage2_acknowledged_in_time: "ninety" });
    expect(bad.targets).toEqual({});
    expect(Object.keys(bad.errors.fields)).toEqual(["performance_targets.stage1_acknowledged_in_time", "performance_targets.stage2_acknowledged_in_time"]);
    expect(bad.errors.summary[0]).toEqual({
      text: "Enter the target for stage 1 complaints acknowledged in time as a whole percentage from 0 to 100, or leave it blank",
      href: "#performance_targets-stage1_acknowledged_in_time",
    });
  });
});

describe("the sector's figures", () => {
  it("reads percentages to one decimal place, a blank as not published, and names the field of a wrong one", () => {
    expect(sectorFiguresFrom({ stage1_responded_in_time: "79.4", stage2_responded_in_time: " 77 % " }, "The Regulator")).toEqual({
      figures: { stage1_responded_in_time: 79.4, stage2_responded_in_time: 77 },
      errors: { fields: {}, summary: [] },
    });
    const bad = sectorFiguresFrom({ stage1_responded_in_time: "79.45", stage2_responded_in_time: "100.1" }, " ");
    expect(bad.figures).toEqual({});
    expect(Object.keys(bad.errors.fields)).toEqual(["figures.stage1_responded_in_time", "figures.stage2_responded_in_time", "source"]);
    expect(bad.errors.summary[0]?.href).toBe("#figures-stage1_responded_in_time");
    const none = sectorFiguresFrom({}, "The Regulator");
    expect(none.errors.summary.map((e) => e.text)).toEqual(["Enter at least one figure the source publishes"]);
  });
});

describe("the roles offered", () => {
  it("say in a sentence what each role may do", () => {
    for (const r of MEMBERSHIP_ROLES) expect(roleHint(r)?.length ?? 0).toBeGreaterThan(40);
    expect(roleHint("contractor")).toMatch(/stage 1/);
    expect(roleHint("platform_admin")).toBeUndefined();
  });
});

describe("closure days tried before saving", () => {
  it("sends the rows with real dates, as the server takes them", () => {
    const draft = {
      closure_days: [
        { date: { day: "8", month: "1", year: "2025" }, reason: " Office move " },
        { date: { day: "31", month: "2", year: "2025" }, reason: "Not a date" },
        { date: { day: "", month: "", year: "" }, reason: "" },
        { date: { day: "24", month: "12", year: "2025" }, reason: "" },
      ],
    } as unknown as Parameters<typeof closureDaysTried>[0];
    expect(closureDaysTried(draft)).toEqual([
      { date: "2025-01-08", reason: "Office move" },
      { date: "2025-12-24", reason: "Closed" },
    ]);
  });
});
