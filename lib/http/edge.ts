import http from "node:http";
import { CLIENT_IP_HEADER, edgeInstalled, markEdgeInstalled, resolveClientIp, type TrustedProxies } from "./client-ip";

/**
 * Next's server never shows the socket to route handlers: it fills X-Forwarded-For with the
 * peer address only when the client did not send one, so a client picks its own address (40
 * made-up values, 40 rate-limit buckets). Called once at start-up (instrumentation), this
 * stamps every request the Node server receives with the address resolved from the socket and
 * TRUSTED_PROXIES, overwriting whatever the client put in that header. It wraps `emit` the way
 * OpenTelemetry's http instrumentation does; it changes nothing else about the request.
 */
const servers = new Set<http.Server>();

/**
 * Closes the keep-alive connections no request is using. Node's `server.close()` (which Next
 * calls on SIGTERM) closes idle connections only once, when called; a connection whose answer
 * ends later stays open until its keep-alive timeout, holding the exit past a kill.
 */
export function closeIdleConnections(): void {
  for (const server of servers) server.closeIdleConnections();
}

export function installEdge(trusted: TrustedProxies): void {
  if (edgeInstalled()) return;
  markEdgeInstalled();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function stampClientAddress(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event === "request") {
      servers.add(this);
      const req = args[0] as http.IncomingMessage;
      const ip = resolveClientIp({
        peer: req.socket?.remoteAddress,
        forwardedFor: req.headers["x-forwarded-for"],
        trusted,
      });
      if (ip) req.headers[CLIENT_IP_HEADER] = ip;
      else delete req.headers[CLIENT_IP_HEADER];
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  };
}
