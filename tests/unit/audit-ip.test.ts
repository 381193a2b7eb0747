import { describe, expect, it } from "vitest";
import { displayIp, ipFilterForms } from "@/lib/admin/ip";

const ZEROS = "0000:0000:0000:0000:0000:0000:0000:0000";

describe("IP addresses in the audit log", () => {
  it("shows loopback as local, whatever form better-auth stored it in", () => {
    expect(displayIp(ZEROS)).toEqual({ text: "local", title: ZEROS });
    expect(displayIp("0000:0000:0000:0000:0000:0000:0000:0001").text).toBe("local");
    expect(displayIp("::1").text).toBe("local");
    expect(displayIp("127.0.0.1").text).toBe("local");
    expect(displayIp("::ffff:127.0.0.1").text).toBe("local");
  });

  it("writes IPv6 short (RFC 5952) with its /64 when the host part was masked, IPv4 as is", () => {
    expect(displayIp("2001:0db8:0000:0000:0000:0000:0000:0000")).toEqual({
      text: "2001:db8::/64",
      title: "2001:0db8:0000:0000:0000:0000:0000:0000",
    });
    expect(displayIp("2001:0db8:0000:0001:0000:0000:0000:0abc").text).toBe("2001:db8:0:1::abc");
    expect(displayIp("2001:0db8:85a3:0000:0000:8a2e:0370:7334").text).toBe("2001:db8:85a3::8a2e:370:7334");
    expect(displayIp("203.0.113.9")).toEqual({ text: "203.0.113.9" });
    expect(displayIp(null).text).toBe("—");
    expect(displayIp("not an ip").text).toBe("not an ip");
  });

  it("filters by any spelling: short, full, the /64 shown in the table, or 'local'", () => {
    expect(ipFilterForms("2001:db8::/64")).toContain("2001:0db8:0000:0000:0000:0000:0000:0000");
    expect(ipFilterForms("2001:db8::1")).toContain("2001:0db8:0000:0000:0000:0000:0000:0000");
    expect(ipFilterForms("203.0.113.9")).toEqual(["203.0.113.9", "::ffff:203.0.113.9"]);
    expect(ipFilterForms("local")).toContain(ZEROS);
    expect(ipFilterForms("garbage")).toEqual(["garbage"]);
  });
});
