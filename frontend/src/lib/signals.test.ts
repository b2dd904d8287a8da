import { describe, expect, it } from "vitest";
import { signalForLearning, signalKindLabel } from "./signals";

describe("early warning signals", () => {
  it("are headed by what they found", () => {
    expect(signalKindLabel("theme")).toBe("A rising theme");
    expect(signalKindLabel("possible_complaint")).toBe("A service request that may be a complaint");
    expect(signalKindLabel("something_new")).toBe("something new");
  });

  it("go into learning without naming a resident", () => {
    const cases = [{}, {}, {}];
    expect(signalForLearning({ kind: "repeat_complainant", sentence: "Mary Jones has made 3 complaints in the 12 months to 7 December 2026.", cases })).toBe(
      "A resident has made 3 complaints in 12 months.",
    );
    const theme = "Complaints from homes at Tower House rose to 10 in the 28 days to 7 December 2026.";
    expect(signalForLearning({ kind: "theme", sentence: theme, cases })).toBe(theme);
  });
});
