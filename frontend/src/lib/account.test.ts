import { describe, expect, it } from "vitest";
import {
  authenticatorCode,
  authenticatorCodeErrors,
  challengeFrom,
  challengeLive,
  endedSentence,
  groupedSecret,
  isSuspension,
  landlordOfApiUrl,
  newPasswordErrors,
  nextQuery,
  recoveryCode,
  recoveryCodeErrors,
  safeNext,
  sameEmail,
  tokenFromHash,
} from "./account";

const TOKEN = "kq3Xb0-_aZ9yWw1mN2pQ4rS5tU6vX7yZ8aB9cD0eF1g";

describe("the token in an emailed link's fragment", () => {
  it("reads #token=…", () => {
    expect(tokenFromHash(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromHash(`token=${TOKEN}`)).toBe(TOKEN);
  });

  it("reads it among other parts, and percent-encoded", () => {
    expect(tokenFromHash(`#a=1&token=${TOKEN}&b=2`)).toBe(TOKEN);
    expect(tokenFromHash(`#token=${encodeURIComponent(TOKEN)}%20`)).toBe(TOKEN);
  });

  it("answers null for no fragment, no token, or a link cut short or mangled", () => {
    expect(tokenFromHash("")).toBeNull();
    expect(tokenFromHash("#")).toBeNull();
    expect(tokenFromHash("#token=")).toBeNull();
    expect(tokenFromHash("#tokens=abc")).toBeNull();
    expect(tokenFromHash("#token=abc")).toBeNull();
    expect(tokenFromHash(`#token=${TOKEN.slice(0, 20)}<script>`)).toBeNull();
    expect(tokenFromHash("#token=%E0%A4%A")).toBeNull();
  });
});

describe("where to go after signing in", () => {
  it("keeps paths inside the portal only", () => {
    expect(safeNext("/l/riverside/complaints")).toBe("/l/riverside/complaints");
    expect(safeNext("//evil.test/x")).toBeNull();
    expect(safeNext("/\\evil.test")).toBeNull();
    expect(safeNext("https://evil.test/")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });

  it("carries it through the steps as a query", () => {
    expect(nextQuery("/invitations/abc")).toBe("?next=%2Finvitations%2Fabc");
    expect(nextQuery("https://evil.test")).toBe("");
    expect(nextQuery(null)).toBe("");
  });
});

describe("the second step of signing in", () => {
  it("is read from the 202 answer, with when it stops working", () => {
    const c = challengeFrom({ status: "mfa_required", challenge_token: "ct", expires_in: 300 }, "a@b.test", 1_000);
    expect(c).toEqual({ status: "mfa_required", token: "ct", expiresAt: 301_000, email: "a@b.test" });
    expect(challengeFrom({ status: "mfa_enrolment_required", challenge_token: "ct", expires_in: 60 }, "a@b.test", 0)?.status).toBe(
      "mfa_enrolment_required",
    );
  });

  it("is not a session, nor an unknown status", () => {
    expect(challengeFrom({ access_token: "a", refresh_token: "r" }, "a@b.test", 0)).toBeNull();
    expect(challengeFrom({ status: "something_else", challenge_token: "ct" }, "a@b.test", 0)).toBeNull();
    expect(challengeFrom(null, "a@b.test", 0)).toBeNull();
  });

  it("lasts until a few seconds before it expires", () => {
    const c = challengeFrom({ status: "mfa_required", challenge_token: "ct", expires_in: 300 }, "a@b.test", 0);
    expect(challengeLive(c, 200_000)).toBe(true);
    expect(challengeLive(c, 296_000)).toBe(false);
    expect(challengeLive(null, 0)).toBe(false);
  });
});

describe("codes", () => {
  it("reads an authenticator code with the spaces apps show", () => {
    expect(authenticatorCode(" 123 456 ")).toBe("123456");
    expect(authenticatorCodeErrors("123 456").summary).toEqual([]);
    expect(authenticatorCodeErrors("").fields.code).toBe("Enter the 6-digit code from your authenticator app");
    expect(authenticatorCodeErrors("12345").fields.code).toBe("The code must be 6 digits, like 123456");
    expect(authenticatorCodeErrors("12a456").summary[0]).toEqual({ text: "The code must be 6 digits, like 123456", href: "#code" });
  });

  it("reads a recovery code however it was typed", () => {
    expect(recoveryCode("ABCD EFGH ijkl-mnop")).toBe("abcd-efgh-ijkl-mnop");
    expect(recoveryCodeErrors("abcd-efgh-ijkl-mnop").summary).toEqual([]);
    expect(recoveryCodeErrors(" ").fields.code).toBe("Enter one of your recovery codes");
    expect(recoveryCodeErrors("abcd-efgh").fields.code).toMatch(/16 letters and numbers/);
  });

  it("shows a secret in groups of four", () => {
    expect(groupedSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(groupedSecret("ABCDEF")).toBe("ABCD EF");
  });
});

describe("a new password", () => {
  it("must be given, long enough, and the same twice", () => {
    expect(newPasswordErrors("", "").fields).toEqual({ password: "Enter a new password" });
    expect(newPasswordErrors("short", "short").fields).toEqual({ password: "Your password must be at least 12 characters" });
    expect(newPasswordErrors("a long enough password", "").fields).toEqual({ password_again: "Enter your new password again" });
    expect(newPasswordErrors("a long enough password", "a long enough passwort").fields).toEqual({
      password_again: "Enter the same password twice",
    });
    expect(newPasswordErrors("a long enough password", "a long enough password").summary).toEqual([]);
  });
});

describe("the server's refusals", () => {
  it("knows a suspended landlord's refusal", () => {
    expect(isSuspension("the operator has suspended this landlord's use of Redress; nothing has been removed")).toBe(true);
    expect(isSuspension("only a landlord admin may do this; you are signed in as case_handler")).toBe(false);
    expect(isSuspension(null)).toBe(false);
  });

  it("finds the landlord an API address is about", () => {
    expect(landlordOfApiUrl("http://portal.test/api/v1/landlords/riverside/complaints?limit=5")).toBe("riverside");
    expect(landlordOfApiUrl("http://portal.test/api/v1/landlords/st%20mungos/users")).toBe("st mungos");
    expect(landlordOfApiUrl("http://portal.test/api/v1/landlords")).toBeNull();
    expect(landlordOfApiUrl("http://portal.test/api/v1/me")).toBeNull();
  });

  it("says why a session ended as a sentence", () => {
    expect(endedSentence("Riverside Homes asks you to sign in with a second factor; please sign in again")).toBe(
      "Riverside Homes asks you to sign in with a second factor; please sign in again.",
    );
    expect(endedSentence("this account is disabled.")).toBe("This account is disabled.");
    expect(endedSentence(undefined)).toBe("Your session has ended. Sign in again to continue.");
  });

  it("compares email addresses as the server keeps them", () => {
    expect(sameEmail("Ada@Riverside.test ", "ada@riverside.test")).toBe(true);
    expect(sameEmail("ada@riverside.test", "olu@riverside.test")).toBe(false);
    expect(sameEmail(null, "ada@riverside.test")).toBe(false);
  });
});
