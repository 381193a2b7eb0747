import fs from "node:fs";
import path from "node:path";
import { getDatabase } from "@/db/client";
import { DatabaseLockedError } from "@/db/lock";
import { ensureSigningKey } from "@/lib/auth/instance";
import { ensureCourseSeeded } from "@/lib/content/seed";
import { EnvError, env } from "@/lib/env";
import { parseTrustedProxies } from "@/lib/http/client-ip";
import { closeIdleConnections, installEdge } from "@/lib/http/edge";
import { installShutdownHandler } from "@/lib/http/shutdown";

/**
 * Server start-up: validate the environment (a bad variable stops the server with its name)
 * and open the embedded database early, so a second process on the same PGlite folder fails
 * now with the holder's name rather than on its first request; then load the course into it.
 * The first JWT signing key is created here for PGlite (servers get it from `db:migrate`),
 * before any parallel request. Every server also learns client addresses from its sockets
 * (TRUSTED_PROXIES) and stops gracefully on SIGTERM.
 */
export async function startServer(): Promise<void> {
  let config: ReturnType<typeof env>;
  try {
    config = env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`\n${err.message}\nFix the variable(s) above and start again.\n`);
      process.exit(1);
    }
    throw err;
  }
  if (config.isBuildPhase) return;
  installEdge(parseTrustedProxies(config.trustedProxies));
  installShutdownHandler(closeIdleConnections);
  if (config.database.driver !== "pglite") return;
  // Next prints "Ready" before this finishes and holds the first request until it has: say what
  // is happening, so a first start (tens of seconds) does not look hung.
  const started = performance.now();
  const relative = path.relative(process.cwd(), config.database.dataDir);
  const where = relative && !relative.startsWith("..") ? relative : config.database.dataDir;
  const fresh = !fs.existsSync(path.join(config.database.dataDir, "PG_VERSION"));
  try {
    progress(
      fresh
        ? `creating the embedded database in ${where} and applying migrations (first start: up to a minute)…`
        : `opening the embedded database in ${where} and applying new migrations…`,
    );
    const { db } = await getDatabase();
    // The zero-setup path: keep the embedded database in step with content/ on every start.
    progress(`loading the course from content/ (only changed lessons are written and indexed)…`);
    await ensureCourseSeeded({ db });
    await ensureSigningKey();
    // Only the dev server compiles pages on first use; a production build has them already.
    const compiled = config.nodeEnv === "development" ? "; the first page is compiled when it is opened" : "";
    progress(`ready in ${seconds(started)}${compiled}.`);
  } catch (err) {
    if (err instanceof DatabaseLockedError) {
      console.error(`\nCannot open the embedded database: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function progress(message: string): void {
  console.info(`[start-up] ${message}`);
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
