import { describe, expect, it } from "vitest";
import { complaintErrors, listed, parseReferences, resolveReferences } from "./references";

describe("complaints named by reference", () => {
  it("reads references however they are separated, once each", () => {
    expect(parseReferences(" riv-000001, RIV-000002\nRIV-000001;  riv-000003 ")).toEqual(["RIV-000001", "RIV-000002", "RIV-000003"]);
    expect(parseReferences("  ")).toEqual([]);
  });

  it("keeps only the complaint whose reference matches exactly", async () => {
    const search = async (ref: string) =>
      ({
        "RIV-000001": [
          { id: "b", reference: "RIV-0000010" },
          { id: "a", reference: "RIV-000001" },
        ],
        "RIV-000009": [{ id: "z", reference: "RIV-000090" }],
      })[ref] ?? [];
    expect(await resolveReferences(["RIV-000001", "RIV-000009"], search)).toEqual({ ids: ["a", null], missing: ["RIV-000009"] });
  });

  it("names the reference behind the server's field errors", () => {
    expect(
      complaintErrors(
        [
          { field: "complaint_ids[1]", message: "names the same complaint as complaint_ids[0]" },
          { field: "lesson", message: "is required" },
        ],
        ["RIV-000001", "RIV-000002"],
      ),
    ).toBe("Complaint RIV-000002 names the same complaint as RIV-000001");
    expect(complaintErrors([{ field: "complaint_ids", message: "must name at least one complaint" }], [])).toBe(
      "The complaints must name at least one complaint",
    );
    expect(complaintErrors([], [])).toBeNull();
  });

  it("lists things in a sentence", () => {
    expect(listed(["A"])).toBe("A");
    expect(listed(["A", "B", "C"])).toBe("A, B and C");
  });
});
