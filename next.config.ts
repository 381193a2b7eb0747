import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from "./lib/http/security-headers";

export default function config(phase: string): NextConfig {
  return {
    // PGlite ships WASM and data files that must be loaded from node_modules at run time,
    // not bundled; without this the build fails while collecting page data.
    serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector"],
    // Pages, JSON and scripts are gzipped. The tutor's event stream is not: it is sent with
    // `Cache-Control: no-transform` (lib/chatkit/sse.ts), which the compression step honours,
    // so every event leaves as soon as it is written (tests/e2e/performance.spec.ts checks both).
    compress: true,
    poweredByHeader: false,
    typedRoutes: false,
    experimental: {
      // proxy.ts runs for pages, so Next buffers a page POST (a server action) for it; a body
      // past this is dropped, not held. Above the actions' own 1 MB limit, so they still
      // answer 413 themselves.
      proxyClientMaxBodySize: "2mb",
      // `next dev` restarted on an existing `.next` reloaded the first page in a loop on a slow
      // machine: the restored Turbopack cache disagreed with the runtime chunk list on disk, so
      // every page's hot-reload subscription got a "restart" update (issue 13;
      // tests/dev/restart-reload.ts). Each start compiles afresh instead.
      turbopackFileSystemCacheForDev: false,
    },
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders({ production: phase !== PHASE_DEVELOPMENT_SERVER }) },
        // Pages get their CSP, with a nonce, from proxy.ts.
        { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      ];
    },
  };
}
