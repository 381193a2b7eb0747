// Stand-ins for the request-scoped Next.js modules, so tests can call the app's real server
// actions: vitest.config.ts resolves `next/headers` and `next/cache` to this file for every test
// (an alias, not vi.mock, so test files can share workers and module cache). A test chooses the
// caller with `asRequest(jar)` before each call; each file starts with an empty request
// (tests/support/fresh-process-state.ts).
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import type { CookieJar } from "./auth";

let current = new Headers();
/** Cookies the action set or cleared (name → value; "" when cleared). */
export const setCookies = new Map<string, string>();

export function asRequest(jar?: CookieJar, extra: Record<string, string> = {}): void {
  current = new Headers({
    "user-agent": "vitest",
    // The address the app's edge stamps on a request (X-Forwarded-For is not believed by default).
    [CLIENT_IP_HEADER]: "203.0.113.7",
    origin: "http://localhost:3000",
    ...(jar && jar.size > 0 ? { cookie: jar.header() } : {}),
    ...extra,
  });
  setCookies.clear();
}

/** A request with no headers at all, and nothing set: what every test file starts with. */
export function resetRequest(): void {
  current = new Headers();
  setCookies.clear();
}

// next/headers
export const headers = async () => current;
export const cookies = async () => ({
  get: (name: string) => {
    const value = (current.get("cookie") ?? "")
      .split(/;\s*/)
      .find((c) => c.startsWith(`${name}=`))
      ?.slice(name.length + 1);
    return value === undefined ? undefined : { name, value };
  },
  set: (name: string, value: string) => void setCookies.set(name, value),
  delete: (name: string) => void setCookies.set(name, ""),
});

// next/cache: the tests render nothing, so there is nothing to revalidate.
export const revalidatePath = () => {};
export const revalidateTag = () => {};

/** FormData from a plain object (arrays become repeated fields), as a browser form submits. */
export function form(fields: Record<string, string | string[] | undefined>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

/** The path a Next.js `redirect()` inside an action pointed at, or undefined if it was another error. */
export function redirectedTo(err: unknown): string | undefined {
  const digest = (err as { digest?: string } | null)?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_REDIRECT") ? digest.split(";")[2] : undefined;
}
