/**
 * What is wrong with a client's redirect URI, in words an admin can act on, or undefined when
 * @better-auth/oauth-provider 1.7.5 would accept it. These mirror its `validateClientRedirectUri`
 * (not exported): web clients need https on a host that is not loopback; native clients use
 * https elsewhere, http only on exactly localhost, 127.0.0.1 or [::1] (RFC 8252 §7.3), or a
 * reverse-domain scheme such as com.example.app:/callback (§7.1). The plugin still checks on
 * registration; whatever slips past this copy is reported in its own words (oauth-clients.ts).
 */
export function redirectUriProblem(redirectUri: string, type: "web" | "native"): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return "The redirect URI must be an absolute URL, such as https://app.example.com/callback.";
  }
  if (redirectUri.includes("#") || url.username || url.password) {
    return "The redirect URI must not contain a #fragment, a user name or a password.";
  }
  if (/^localhost\.+$/i.test(url.hostname)) return "Write localhost without a trailing dot.";
  const loopback = url.hostname === "localhost" || isLoopbackAddress(url.hostname);
  if (type === "web") {
    if (loopback) {
      return "A web client cannot redirect to localhost or a loopback address. For an app on the user's own computer, choose Native / loopback and use http://localhost or http://127.0.0.1.";
    }
    if (url.protocol !== "https:") return "A web client's redirect URI must start with https://.";
    return undefined;
  }
  if (url.protocol === "https:") {
    return loopback
      ? "A native client on the user's own computer uses http://localhost, http://127.0.0.1 or http://[::1], not https."
      : undefined;
  }
  if (url.protocol === "http:") {
    return ["localhost", "127.0.0.1", "[::1]"].includes(rawHttpHost(redirectUri))
      ? undefined
      : "A native client may use http:// only on localhost, 127.0.0.1 or [::1], written exactly so; use https:// for any other host.";
  }
  return isReverseDomainScheme(url)
    ? undefined
    : "A native app's own scheme must be a reverse domain name followed by :/ and a path, such as com.example.app:/callback.";
}

/** 127.0.0.0/8 or ::1 (also IPv4-mapped), as the URL parser writes them. */
function isLoopbackAddress(hostname: string): boolean {
  if (/^127\.\d+\.\d+\.\d+$/.test(hostname)) return true;
  if (hostname === "[::1]") return true;
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/i.test(hostname);
}

/** The host as typed (the plugin compares it before the URL parser turns 127.1 into 127.0.0.1). */
function rawHttpHost(redirectUri: string): string {
  const authority = /^http:\/\/([^/?#]*)/i.exec(redirectUri)?.[1] ?? "";
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1).toLowerCase();
  if (hostAndPort.startsWith("[")) return hostAndPort.slice(0, hostAndPort.indexOf("]") + 1);
  return hostAndPort.split(":")[0] ?? "";
}

const RESERVED_SCHEMES = new Set(["file:", "ftp:", "mailto:", "javascript:", "data:", "vbscript:"]);
const REVERSE_DOMAIN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

function isReverseDomainScheme(url: URL): boolean {
  const rest = url.href.slice(url.protocol.length);
  return (
    !RESERVED_SCHEMES.has(url.protocol) &&
    url.host.length === 0 &&
    rest.startsWith("/") &&
    !rest.startsWith("//") &&
    REVERSE_DOMAIN.test(url.protocol.slice(0, -1))
  );
}
