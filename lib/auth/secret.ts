import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/env";

/**
 * The secret that signs sessions and encrypts the JWKS private keys. Production must set
 * BETTER_AUTH_SECRET (lib/env.ts refuses to start otherwise); development generates one once
 * into DATA_DIR so sessions survive restarts without any setup.
 */
export function authSecret(config: Pick<Env, "auth" | "dataDir">): string {
  if (config.auth.secret) return config.auth.secret;
  const file = path.join(config.dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
