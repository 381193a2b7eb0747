import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // not bundled; without this the build fails while collecting page data.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector"],
  // Pages, JSON and scripts are gzipped. The tutor's event stream is not: it is sent with
  // `Cache-Control: no-transform` (lib/chatkit/sse.ts), which the compression step honours,
  // so every event leaves as soon as it is written (tests/e2e/performance.spec.ts checks both).
  compress: true,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
