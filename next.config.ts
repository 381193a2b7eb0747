import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // not bundled; without this the build fails while collecting page data.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector"],
  // The tutor streams server-sent events; gzip would buffer them.
  compress: false,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
