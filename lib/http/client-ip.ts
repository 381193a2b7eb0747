import net from "node:net";

/**
 * The client's address, decided once where the connection arrives (lib/http/edge.ts) and
 * passed on in this header, which the edge always overwrites: nothing a client sends can set it.
 */
export const CLIENT_IP_HEADER = "x-intellistack-client-ip";
/** Vercel's own header: set by its edge from the connection, not from anything the client sent. */
export const VERCEL_IP_HEADER = "x-vercel-forwarded-for";

const state = globalThis as unknown as { __intellistackEdge?: boolean };

/** Whether this process stamps CLIENT_IP_HEADER on arriving requests (lib/http/edge.ts). */
export const edgeInstalled = () => state.__intellistackEdge === true;
export const markEdgeInstalled = () => {
  state.__intellistackEdge = true;
};

/**
 * The client's address for a request: Vercel's header on Vercel; ours where the edge stamps it;
 * otherwise unknown (a header nobody stamped could have been written by the client).
 */
export function clientIpFrom(headers: Headers, config: { onVercel: boolean }): string | null {
  if (config.onVercel) return normaliseAddress(headers.get(VERCEL_IP_HEADER)?.split(",")[0]);
  return edgeInstalled() ? normaliseAddress(headers.get(CLIENT_IP_HEADER)) : null;
}

/** Addresses and CIDR ranges of the reverse proxies in front of the app (TRUSTED_PROXIES). */
export type TrustedProxies = net.BlockList;

export function parseTrustedProxies(entries: string[]): TrustedProxies {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = net.isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** "::ffff:203.0.113.7" → "203.0.113.7"; anything that is not an address → null. */
export function normaliseAddress(value: string | undefined | null): string | null {
  const trimmed = value?.trim() ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  const address = mapped ?? trimmed;
  return net.isIP(address) ? address.toLowerCase() : null;
}

const isTrusted = (address: string, trusted: TrustedProxies) =>
  trusted.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * Who is really on the other end. The socket's peer is the client unless it is one of our own
 * proxies; only then is X-Forwarded-For read, from the right (each trusted proxy appends the
 * address it saw), skipping our proxies, up to the first address we do not trust. Entries left
 * of that are whatever the client claimed and are never used. A malformed entry stops the walk
 * at the last address a trusted proxy vouched for, so garbage cannot choose a bucket.
 */
export function resolveClientIp({
  peer,
  forwardedFor,
  trusted,
}: {
  peer: string | undefined | null;
  forwardedFor: string | string[] | undefined | null;
  trusted: TrustedProxies;
}): string | null {
  let client = normaliseAddress(peer);
  if (!client || !isTrusted(client, trusted)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").reverse();
  for (const hop of hops) {
    const address = normaliseAddress(hop);
    if (!address) break;
    client = address;
    if (!isTrusted(address, trusted)) break;
  }
  return client;
}
