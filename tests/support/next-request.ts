// Stand-ins for the request-scoped Next.js modules, so tests can call the app's real server
// actions. A test file wires them in with
//   vi.mock("next/headers", () => import("../support/next-request").then((m) => m.nextHeaders));
//   vi.mock("next/cache", () => import("../support/next-request").then((m) => m.nextCache));
// and chooses the caller with `asRequest(jar)` before each call.
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

export const nextHeaders = {
  headers: async () => current,
  cookies: async () => ({
    get: (name: string) => {
      const value = (current.get("cookie") ?? "")
        .split(/;\s*/)
        .find((c) => c.startsWith(`${name}=`))
        ?.slice(name.length + 1);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string, value: string) => void setCookies.set(name, value),
    delete: (name: string) => void setCookies.set(name, ""),
  }),
};

export const nextCache = { revalidatePath: () => {}, revalidateTag: () => {} };

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
