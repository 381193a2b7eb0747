import { expect, onTestFinished, vi } from "vitest";

/**
 * The test provokes a failure that the code logs on purpose: keep that line out of the test
 * output (so unexpected errors stand out) and check that it was logged.
 */
export function expectLogged(pattern: RegExp, level: "error" | "warn" = "error"): void {
  const spy = vi.spyOn(console, level).mockImplementation(() => {});
  onTestFinished(() => {
    const lines = spy.mock.calls.map((call) => call.map(String).join(" "));
    spy.mockRestore();
    expect(
      lines.some((line) => pattern.test(line)),
      `expected a logged error matching ${pattern}`,
    ).toBe(true);
  });
}
