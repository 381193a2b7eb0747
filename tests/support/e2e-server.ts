// Starts the production server for Playwright on a fresh DATA_DIR: prepares it with the real
// CLI (an admin, learners for the OIDC suite, two OIDC clients), starts the local
// OpenAI-compatible server the tutor talks to, then runs `npm run start`. The CLI must run
// first: PGlite allows one process at a time.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startOpenAIStub } from "./openai-stub";

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error("DATA_DIR must be set");
const password = "Correct-Horse-Battery-9-Staple";
const redirectUri = "http://127.0.0.1:5599/cb";

const cli = (...args: string[]) =>
  execFileSync("npm", ["run", "--silent", "cli", "--", ...args], {
    env: { ...process.env, NODE_ENV: "development" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

cli(
  "user:create",
  "--email",
  "admin@e2e.test",
  "--password",
  password,
  "--name",
  "E2E Admin",
  "--role",
  "admin",
  "--verified",
);
// Staff (no daily quota), so a spec can fill a conversation list and a long conversation.
cli(
  "user:create",
  "--email",
  "long-talker@e2e.test",
  "--password",
  password,
  "--name",
  "Lena Talker",
  "--role",
  "instructor",
  "--verified",
);
cli("user:create", "--email", "oidc-user@e2e.test", "--password", password, "--name", "Olivia Idc", "--verified");
cli("user:create", "--email", "oidc-negative@e2e.test", "--password", password, "--name", "Nina Gative", "--verified");
const confidential = JSON.parse(
  cli("oauth:client:create", "--name", "Conformance RP", "--redirect-uri", redirectUri, "--type", "native"),
);
const publicClient = JSON.parse(
  cli("oauth:client:create", "--name", "Public RP", "--redirect-uri", redirectUri, "--type", "native", "--public"),
);
fs.writeFileSync(
  path.join(dataDir, "e2e-fixtures.json"),
  JSON.stringify(
    { password, redirectUri, admin: "admin@e2e.test", oidcUser: "oidc-user@e2e.test", confidential, publicClient },
    null,
    2,
  ),
);

const stub = await startOpenAIStub({ port: Number(process.env.E2E_MODEL_PORT ?? 3199) });
const server = spawn("npm", ["run", "start"], {
  stdio: "inherit",
  env: { ...process.env, OPENAI_API_KEY: "sk-e2e-local", OPENAI_BASE_URL: stub.url, TUTOR_MODEL: "stub-tutor" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  void stub.close();
  process.exit(code ?? 0);
});
