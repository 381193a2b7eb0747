import { CHATKIT_SCRIPT } from "../chatkit/client/cdn";

/**
 * Response headers that make the browser enforce what the app already intends: scripts only
 * from us (each page's inline scripts carry a fresh nonce), never inside another site's frame,
 * no MIME sniffing, no full URLs leaked to other sites, HTTPS only once in production.
 */

const CHATKIT_ORIGIN = new URL(CHATKIT_SCRIPT).origin;

export interface CspOptions {
  nonce: string;
  /** CHAT_UI: OpenAI's ChatKit component is loaded from its CDN unless the built-in client is forced. */
  chatUi: "auto" | "chatkit" | "builtin";
  /** `next dev` needs eval (React's debugging) and a WebSocket for hot reload. */
  development: boolean;
  /** Ask the browser to upgrade any http:// subresource (only when the app is served over HTTPS). */
  https: boolean;
}

/** The page CSP (set by proxy.ts, which makes the nonce; Next puts it on its own scripts). */
export function pageContentSecurityPolicy({ nonce, chatUi, development, https }: CspOptions): string {
  const chatkit = chatUi === "builtin" ? [] : [CHATKIT_ORIGIN];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, ...chatkit, ...(development ? ["'unsafe-eval'"] : [])],
    // Style attributes (charts, KaTeX) cannot carry a nonce; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'", ...chatkit],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:", ...chatkit],
    "connect-src": ["'self'", ...chatkit, ...(development ? ["ws:"] : [])],
    "frame-src": chatkit.length > 0 ? chatkit : ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** What API responses (JSON, event streams, CSV) may do in a browser: nothing. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers for every response (next.config.ts). */
export function securityHeaders({ production }: { production: boolean }): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
