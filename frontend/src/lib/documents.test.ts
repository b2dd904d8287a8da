import { describe, expect, it } from "vitest";
import { filenameOf, takeStyles } from "./documents";

describe("documents from the API", () => {
  it("takes the file name from Content-Disposition", () => {
    expect(filenameOf('attachment; filename="self-assessment-2025-26-v2.csv"', "x.csv")).toBe("self-assessment-2025-26-v2.csv");
    expect(filenameOf("inline; filename=report.html", "x.html")).toBe("report.html");
    expect(filenameOf("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", "x.csv")).toBe("résumé.csv");
    expect(filenameOf(null, "x.csv")).toBe("x.csv");
    expect(filenameOf('attachment; filename="../etc/passwd"', "x.csv")).toBe("x.csv");
  });

  it("takes the inline stylesheets out of an HTML document", () => {
    const { html, css } = takeStyles('<html><head><title>T</title><style>body { color: red }</style><style media="print">a{}</style></head><body><p>x</p></body></html>');
    expect(html).toBe("<html><head><title>T</title></head><body><p>x</p></body></html>");
    expect(css).toBe("body { color: red }\na{}");
  });
});
