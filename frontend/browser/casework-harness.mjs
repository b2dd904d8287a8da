// Seeding for the case-work browser tests (casework.test.mjs), through the real API, on top of
// harness.mjs (which starts the server and owns the shared helpers).
import { PASSWORD, apiClient, daysAgo, onboardRiverside } from "./harness.mjs";

export { PASSWORD, daysAgo };

/**
 * One landlord, Riverside Homes, with an admin, two complaints officers (Olu and Omar) and a
 * case handler. Complaints, all received today:
 *   main    acknowledged by Olu: open at stage 1, to be answered through the portal;
 *   refuse  acknowledged and answered by Olu, and its escalation asked for by staff: awaiting
 *           its stage 2 acknowledgement, to have the escalation refused;
 *   close   acknowledged and answered by Olu: to be closed, and to have an additional
 *           complaint logged from it.
 */
export async function seedCasework(base) {
  const api = apiClient(base);
  const users = {
    ops: "ops@platform.test",
    admin: "admin@riverside.test",
    officer: "officer@riverside.test",
    officer2: "officer2@riverside.test",
    handler: "handler@riverside.test",
  };
  const admin = await onboardRiverside(api, users.admin, [
    [users.officer, "complaints_officer", "Olu Officer"],
    [users.officer2, "complaints_officer", "Omar Officer"],
    [users.handler, "case_handler", "Hana Handler"],
  ]);

  const officer = await api.login(users.officer);
  const path = (c, action) => `/landlords/riverside/complaints/${c.id}/${action}`;
  const complaint = (name, description) =>
    api.post("/landlords/riverside/complaints", officer, {
      resident: { name, email: `${name.split(" ")[0].toLowerCase()}@example.test` },
      channel: "phone",
      received_on: daysAgo(0),
      description,
      category: "repairs",
      outcomes_sought: "The repair done",
    });
  const acknowledge = (c) =>
    api.post(path(c, "acknowledge"), officer, {
      definition: "1. The repair was not done within the repair timescale. 2. Calls were not returned.",
      outcomes_sought: "The repair done",
      responsible_for: "Repairs",
    });
  const respond = (c) =>
    api.post(path(c, "respond"), officer, {
      decision: "not_upheld",
      reasons: "1. The repair was booked within the timescale. 2. We returned both calls.",
      remedies: [],
      outstanding_actions: [],
    });

  const main = await complaint("Priya Patel", "There is damp and mould in the back bedroom and nobody has come.");
  await acknowledge(main);
  const refuse = await complaint("Sam Jones", "The communal door was broken for a month.");
  await acknowledge(refuse);
  await respond(refuse);
  await api.post(path(refuse, "escalate"), officer, { reason: "The resident disagrees with the response." });
  const close = await complaint("Lee Chen", "The kitchen window repair was left unfinished.");
  await acknowledge(close);
  await respond(close);

  return { users, complaints: { main, refuse, close } };
}

/** A complaint received `days` ago by phone, logged today and not yet acknowledged: for an
 * action recorded with an earlier date, whose letter may already have gone to the resident. */
export async function receivedEarlier(base, officerEmail, days) {
  const api = apiClient(base);
  const officer = await api.login(officerEmail);
  return api.post("/landlords/riverside/complaints", officer, {
    resident: { name: "Kim Lowe", email: "kim@example.test" },
    channel: "phone",
    received_on: daysAgo(days),
    description: "The bathroom ceiling leaks whenever the flat upstairs runs a bath.",
    category: "repairs",
    outcomes_sought: "The leak found and fixed",
  });
}

/** The resident asks for stage 2 through the private tracking link (Code 6.7), as the public
 * tracking page does. */
export async function residentEscalates(base, link, reason) {
  const res = await fetch(`${base}/api/v1/public${link.replace(/^\/p/, "")}/escalate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reason }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the resident's escalation -> ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** A 1×1 PNG: a photo as far as the server's check of the content goes. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
