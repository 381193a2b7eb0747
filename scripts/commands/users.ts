import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findUserByEmail, markEmailVerified } from "@/db/queries/users";
import { changeRole } from "@/lib/auth/account-admin";
import { auditWriter } from "@/lib/auth/audit";
import { getAuth } from "@/lib/auth/instance";
import { checkPassword } from "@/lib/auth/password-policy";
import { roles } from "@/lib/auth/roles";
import { CliError, type Command } from "./types";

const email = z.email("--email must be an email address").transform((v) => v.trim().toLowerCase());
const role = z.enum(roles, { message: `--role must be one of ${roles.join(", ")}` });

function parse<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new CliError(result.error.issues.map((i) => i.message).join("; "));
  return result.data;
}

async function requireUserByEmail(address: string) {
  const db = await getDb();
  const user = await findUserByEmail({ db, email: address });
  if (!user) throw new CliError(`no user with email ${address}`);
  return { db, user };
}

export const userCreate: Command = {
  name: "user:create",
  usage: "user:create --email E --password P --name N [--role R] [--verified]",
  summary: "create a user (password policy applies); --verified skips the email confirmation",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
        role: { type: "string", default: "student" },
        verified: { type: "boolean", default: false },
      },
    });
    const input = parse(
      z.object({
        email,
        password: z.string({ message: "--password is required" }),
        name: z.string({ message: "--name is required" }).trim().min(1),
        role,
        verified: z.boolean(),
      }),
      values,
    );
    const check = await checkPassword(input.password, input);
    if (!check.ok) throw new CliError(`password rejected: ${check.problems.join(" ")}`);
    const db = await getDb();
    if (await findUserByEmail({ db, email: input.email }))
      throw new CliError(`a user with email ${input.email} already exists`);

    const auth = await getAuth();
    const ctx = await auth.$context;
    const user = await ctx.internalAdapter.createUser(
      { email: input.email, name: input.name, emailVerified: input.verified, role: input.role },
      { method: "admin" },
    );
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: "credential",
      accountId: user.id,
      password: await ctx.password.hash(input.password),
    });
    console.log(JSON.stringify({ id: user.id, email: user.email, role: input.role, emailVerified: input.verified }));
  },
};

export const userSetRole: Command = {
  name: "user:set-role",
  usage: "user:set-role --email E --role R",
  summary: "change a user's role (applies to their next request, no re-login)",
  async run(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" } } });
    const input = parse(z.object({ email, role }), values);
    const { db, user } = await requireUserByEmail(input.email);
    await changeRole({ db, audit: auditWriter(db), user, role: input.role, by: "cli" });
    console.log(`${user.email}: ${user.role ?? "student"} -> ${input.role}`);
  },
};

export const userVerify: Command = {
  name: "user:verify",
  usage: "user:verify --email E",
  summary: "mark a user's email as confirmed",
  async run(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" } } });
    const input = parse(z.object({ email }), values);
    const { db, user } = await requireUserByEmail(input.email);
    await markEmailVerified({ db, userId: user.id });
    await auditWriter(db)({ type: "email_verified", userId: user.id, email: user.email, details: { by: "cli" } });
    console.log(`${user.email}: email confirmed`);
  },
};
