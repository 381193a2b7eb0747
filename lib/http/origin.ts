/**
 * Cross-site request forgery guard for state-changing requests. A browser marks every
 * cross-origin POST with `Origin` (and `Sec-Fetch-Site`); another site, or another port of the
 * same host ("same-site"), must not be able to act with a learner's cookies. Requests with
 * neither header come from scripts and servers, which hold their own credentials and cannot be
 * tricked into sending ours.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossOriginWrite(method: string, headers: Headers, appOrigin: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin !== null) return origin.toLowerCase() !== new URL(appOrigin).origin.toLowerCase();
  const site = headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}
