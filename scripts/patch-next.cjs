#!/usr/bin/env node
/**
 * Next 16.4 sends a Route Handler's headers with `appendHeader`, which stores single-valued
 * headers such as Content-Type as arrays; `next start`'s compression step then cannot tell the
 * response is compressible, so every API response goes out uncompressed
 * (vercel/next.js#98007, fix proposed in #98044). This applies that fix after `npm ci`:
 * single-valued headers are set, the headers that may repeat are still appended.
 *
 * Compressing every answer has a cost: Next streams a route handler's body without a length, so
 * the compression step's 1 KB threshold never applies and a 600-byte session answer is gzipped
 * too (about 1 ms of CPU each). A JSON answer is therefore sent whole, with its Content-Length:
 * small ones go out as they are, large ones are still compressed. Streams (the tutor's events,
 * CSV exports) are piped as before.
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

const BEFORE_BODY = `if (response.body && req.method !== 'HEAD') {`;
const AFTER_BODY = `if (response.body && req.method !== 'HEAD' && (response.headers.get('content-type') || '').toLowerCase().startsWith('application/json')) {
            // patched by scripts/patch-next.cjs: a JSON answer is sent whole, with its length
            const whole = Buffer.from(await response.arrayBuffer());
            if (waitUntil) await waitUntil;
            if (!originalResponse.writableFinished && !originalResponse.destroyed) {
                originalResponse.setHeader('Content-Length', whole.length);
                originalResponse.end(whole);
            }
        } else if (response.body && req.method !== 'HEAD') {`;

let nextDir;
try {
  nextDir = path.dirname(require.resolve("next/package.json", { paths: [process.cwd()] }));
} catch {
  process.exit(0); // Next is not installed (a partial install): nothing to patch.
}
for (const file of ["dist/server/send-response.js", "dist/esm/server/send-response.js"]) {
  const full = path.join(nextDir, file);
  let text = fs.readFileSync(full, "utf8");
  for (const [before, after] of [
    [BEFORE, AFTER],
    [BEFORE_BODY, AFTER_BODY],
  ]) {
    if (text.includes(after)) continue;
    if (text.split(before).length !== 2) {
      const { version } = require(path.join(nextDir, "package.json"));
      console.error(
        `patch-next: ${file} of next ${version} is not the code this patch expects; see scripts/patch-next.cjs.`,
      );
      process.exit(1);
    }
    text = text.replace(before, after);
  }
  fs.writeFileSync(full, text);
}
