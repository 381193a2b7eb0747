import { describe, expect, it } from "vitest";
import { describeDevice } from "@/lib/account/devices";
import { parseEmailList } from "@/lib/enrolment/email-list";

describe("parseEmailList", () => {
  it("accepts lines, commas, semicolons and CSV, lower-cases, drops duplicates, and reports non-addresses", () => {
    const text =
      'email,name\n"Ada@Example.com",Ada\nbea@example.com; cy@example.com\nada@example.com\n<dee@example.org>\nnot-an@\n';
    expect(parseEmailList(text)).toEqual({
      emails: ["ada@example.com", "bea@example.com", "cy@example.com", "dee@example.org"],
      invalid: ["not-an@"],
    });
    expect(parseEmailList("  \n\n ")).toEqual({ emails: [], invalid: [] });
  });
});

describe("describeDevice", () => {
  it("names browser and OS the way a person says them", () => {
    const cases: [string, string, string][] = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox 128 on Windows 10",
        "desktop",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Safari 17 on macOS",
        "desktop",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Chrome 126 on Android 14",
        "mobile",
      ],
    ];
    for (const [ua, label, kind] of cases) expect(describeDevice(ua)).toMatchObject({ label, kind });
    expect(describeDevice(null)).toMatchObject({ label: "Unknown device", kind: "unknown" });
    expect(describeDevice("curl/8.5.0").label).toBe("Unknown browser");
  });
});
