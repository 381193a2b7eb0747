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
  try {
    const { db } = await getDatabase();
    // The zero-setup path: keep the embedded database in step with content/ on every start.
    await ensureCourseSeeded({ db });
    await ensureSigningKey();
  } catch (err) {
    if (err instanceof DatabaseLockedError) {
      console.error(`\nCannot open the embedded database: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
