import { describe, expect, it } from "vitest";
import { connectionLost } from "@/db/gated-pool";

/** Which failed statements cost their checkout its connection (db/gated-pool.ts). */
const serverError = (code: string, severity = "ERROR") => Object.assign(new Error("refused"), { code, severity });

describe("connectionLost", () => {
  it("counts failures without an answer from the server", () => {
    expect(connectionLost(new Error("Query read timeout"))).toBe(true);
    expect(connectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(connectionLost(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(connectionLost(undefined)).toBe(true);
  });

  it("counts the server ending the connection, in any language", () => {
    expect(connectionLost(serverError("57P01", "FATAL"))).toBe(true);
    expect(connectionLost(serverError("57P01", "SCHWERWIEGEND"))).toBe(true);
    expect(connectionLost(serverError("08006", "FATAL"))).toBe(true);
  });

  it("keeps the connection of a statement the server refused", () => {
    expect(connectionLost(serverError("42703"))).toBe(false);
    expect(connectionLost(serverError("23505"))).toBe(false);
    expect(connectionLost(serverError("57014"))).toBe(false); // a statement timeout cancels the statement only
  });
});
