#!/usr/bin/env node
/**
 * Next 16.4 sends a Route Handler's headers with `appendHeader`, which stores single-valued
 * headers such as Content-Type as arrays; `next start`'s compression step then cannot tell the
 * response is compressible, so every API response goes out uncompressed
 * (vercel/next.js#98007, fix proposed in #98044). This applies that fix after `npm ci`:
 * single-valued headers are set, the headers that may repeat are still appended.
 *
 * Idempotent. It fails the install if the file no longer has the code it expects, so an
 * upgrade of Next says so instead of silently shipping uncompressed APIs: check whether the
 * new version fixed it, then drop this script (and the postinstall entry) or update it.
 */
const fs = require("node:fs");
const path = require("node:path");

const BEFORE = `if (headersWithMultipleValuesAllowed.includes(name.toLowerCase()) || !isHeaderPresent) {
                    res.appendHeader(name, value);
                }`;
const AFTER = `if (headersWithMultipleValuesAllowed.includes(name.toLowerCase())) {
                    res.appendHeader(name, value);
                } else if (!isHeaderPresent) {
                    // patched by scripts/patch-next.cjs (vercel/next.js#98007)
                    res.setHeader(name, value);
                }`;

let nextDir;
try {
  nextDir = path.dirname(require.resolve("next/package.json", { paths: [process.cwd()] }));
} catch {
  process.exit(0); // Next is not installed (a partial install): nothing to patch.
}
for (const file of ["dist/server/send-response.js", "dist/esm/server/send-response.js"]) {
  const full = path.join(nextDir, file);
  const text = fs.readFileSync(full, "utf8");
  if (text.includes(AFTER)) continue;
  if (!text.includes(BEFORE)) {
    const { version } = require(path.join(nextDir, "package.json"));
    console.error(
      `patch-next: ${file} of next ${version} is not the code this patch expects; see scripts/patch-next.cjs.`,
    );
    process.exit(1);
  }
  fs.writeFileSync(full, text.replace(BEFORE, AFTER));
}
