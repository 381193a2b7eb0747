import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findAnyAdmin, findUserByEmail } from "@/db/queries/users";
import { withUserSession } from "@/lib/auth/admin-session";
import { auditAdminAction } from "@/lib/auth/audit";
import { getAuth } from "@/lib/auth/instance";
import { oauthClientBody } from "@/lib/auth/oauth-clients";
import { redirectUriProblem } from "@/lib/auth/oauth-redirect-uris";
import { CliError, type Command } from "./types";

const input = z.object({
  name: z.string({ message: "--name is required" }).trim().min(1),
  redirectUris: z.array(z.url("--redirect-uri must be an absolute URL")).min(1, "--redirect-uri is required"),
  type: z.enum(["native", "web"], { message: "--type must be native or web" }),
  public: z.boolean(),
  owner: z.email().optional(),
  skipConsent: z.boolean(),
});

export const oauthClientCreate: Command = {
  name: "oauth:client:create",
  usage:
    "oauth:client:create --name N --redirect-uri URI [--type native|web] [--public] [--skip-consent] [--owner admin@email]",
  summary: "register an OAuth/OIDC client; prints JSON with client_id and client_secret",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: "string" },
        "redirect-uri": { type: "string", multiple: true },
        type: { type: "string", default: "web" },
        public: { type: "boolean", default: false },
        owner: { type: "string" },
        "skip-consent": { type: "boolean", default: false },
      },
    });
    const parsed = input.safeParse({
      name: values.name,
      redirectUris: values["redirect-uri"] ?? [],
      type: values.type,
      public: values.public,
      owner: values.owner,
      skipConsent: values["skip-consent"],
    });
    if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join("; "));
    const opts = parsed.data;
    // The same rules, in the same words, as /admin/oauth: before the plugin's terse refusal.
    for (const uri of opts.redirectUris) {
      const problem = redirectUriProblem(uri, opts.type);
      if (problem) throw new CliError(`${uri}: ${problem}`);
    }

    const db = await getDb();
    const owner = opts.owner ? await findUserByEmail({ db, email: opts.owner }) : await findAnyAdmin({ db });
    if (owner?.role !== "admin") {
      throw new CliError(
        opts.owner
          ? `${opts.owner} is not an admin`
          : "no admin user exists: create one with user:create --role admin --verified",
      );
    }
    const auth = await getAuth();
    const client = await withUserSession(auth, owner.id, (headers) =>
      auth.api.adminCreateOAuthClient({
        headers,
        body: oauthClientBody(opts),
      }),
    );
    // The wrapper in auth.ts audits only HTTP calls: record this one as /admin/oauth records its own.
    await auditAdminAction(db, owner, "oauth_client_create", { clientId: client.client_id, by: "cli" });
    console.log(JSON.stringify(client, null, 2));
  },
};
