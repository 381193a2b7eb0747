import { z } from "zod";
import { isLegacyHash } from "@/lib/auth/legacy-hash";
import { type Role, roles } from "@/lib/auth/roles";

/**
 * The user export format (docs/migration.md): one user per JSON Lines line or CSV record.
 * users:export writes it and users:import reads it, so a backup taken before an import can be
 * imported again.
 */
export const COLUMNS = [
  "id",
  "email",
  "name",
  "email_verified",
  "password_hash",
  "role",
  "created_at",
  "accounts",
  "image",
] as const;
export type Column = (typeof COLUMNS)[number];
export const OPTIONAL_COLUMNS: readonly Column[] = ["image"];

export const PROVIDERS = ["google", "github"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** This app's own hash (lib/auth/password-hash.ts: hex salt, `:`, hex scrypt key), as users:export writes it. */
export const APP_HASH = /^[0-9a-f]{32}:[0-9a-f]{128}$/;

export type HashKind = "bcrypt" | "app" | "none";

export interface LinkedAccount {
  provider: Provider;
  id: string;
}

/** One valid row, normalised (email lower-cased). */
export interface LegacyUser {
  line: number;
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  passwordHash: string | null;
  role: Role;
  createdAt: Date;
  accounts: LinkedAccount[];
  image: string | null;
}

/** Every kind of problem, with the sentence the report heads its group with. */
export const PROBLEMS = {
  encoding: "not valid UTF-8 text",
  json: "not a complete JSON object",
  csv: "malformed CSV",
  field_missing: "a required field is missing",
  field_unknown: "an unknown field",
  id_invalid: "the id cannot be kept",
  id_duplicate: "the same id twice in the file",
  id_taken: "the id belongs to another existing user",
  email_invalid: "not a valid email address",
  email_duplicate: "the same email twice in the file (case-insensitive)",
  email_taken: "the email belongs to an existing user",
  name_invalid: "the name is not valid",
  email_verified_invalid: "email_verified is not true or false",
  hash_malformed: "the password hash is not bcrypt ($2a$/$2b$/$2y$, cost 4–15), this app's own, or empty",
  role_unknown: "unknown role",
  date_invalid: "created_at is not a valid date",
  provider_unknown: "unknown sign-in provider",
  account_invalid: "a linked account is not valid",
  account_duplicate: "one provider account claimed twice in the file",
  account_taken: "the provider account is linked to an existing user",
  image_invalid: "image is not an http(s) URL",
} as const;
export type ProblemCode = keyof typeof PROBLEMS;

export interface Problem {
  code: ProblemCode;
  line: number;
  message: string;
}

export function hashKind(hash: string | null): HashKind {
  if (!hash) return "none";
  return isLegacyHash(hash) ? "bcrypt" : "app";
}

/**
 * Ids become user ids (and the OIDC `sub`), appear in URLs and in other systems' records:
 * letters, digits and `. _ : @ -`, starting with a letter or digit, at most 128.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
/** Control characters other than tab and line breaks (a legacy name may span lines). */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const NAME_MAX = 100;
const IMAGE_MAX = 2048;
const ACCOUNT_ID: Record<Provider, RegExp> = {
  // Google's `sub` is up to 255 ASCII characters; GitHub's user id is a number.
  google: /^[A-Za-z0-9_-]{1,255}$/,
  github: /^[0-9]{1,20}$/,
};
const emailSchema = z.email().max(254);
const OLDEST = Date.UTC(1970, 0, 1);

/**
 * An id written as a JSON number is kept as its digits only if JSON.parse held it exactly:
 * 12345678901234567890 (or a 21-digit Google sub) arrives rounded, as a different id.
 */
const inexactNumber = (v: unknown) => typeof v === "number" && !Number.isSafeInteger(v);
const idText = (v: unknown) => (typeof v === "number" && !inexactNumber(v) ? String(v) : v);
const INEXACT = "write the id as a string (a JSON number that large, or not whole, loses digits)";

/** A value from the file as the report quotes it; an absent one (a missing key) is "missing". */
const show = (v: unknown) => {
  const s = typeof v === "string" ? v : (JSON.stringify(v) ?? "missing");
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

function parseBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return undefined;
  const t = v.trim().toLowerCase();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return undefined;
}

/**
 * ISO 8601: a date (midnight UTC) or a date and time, `T` or a space between, optional
 * fractional seconds (kept to the millisecond), and `Z`, `±hh:mm` or `±hhmm`; no zone means UTC.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseDate(v: unknown): Date | undefined {
  const m = typeof v === "string" ? ISO_DATE.exec(v.trim()) : null;
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((x) => (x ? Number(x) : undefined));
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (year === undefined || month === undefined || day === undefined) return undefined;
  // Date.UTC would roll 2023-02-30 into March: check the calendar first.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone && zone !== "Z") {
    const digits = zone.replace(":", "");
    const hh = Number(digits.slice(1, 3));
    const mm = Number(digits.slice(3, 5));
    if (hh > 23 || mm > 59) return undefined;
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (hh * 60 + mm);
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  if (time < OLDEST || time > Date.now() + 86_400_000) return undefined;
  return new Date(time);
}

/** `google:123;github:456` in CSV; an array of `{ provider, id }` in JSON Lines. */
function accountEntries(v: unknown): { provider: unknown; id: unknown }[] | string {
  if (v === undefined || v === null || v === "") return [];
  if (typeof v === "string") {
    return v.split(";").map((part) => {
      const at = part.indexOf(":");
      return at < 0
        ? { provider: part.trim(), id: undefined }
        : { provider: part.slice(0, at).trim(), id: part.slice(at + 1).trim() };
    });
  }
  if (!Array.isArray(v)) return "accounts must be a list";
  // An entry that is not an object (a string, a number, a nested list) is quoted whole as the provider.
  return v.map((e) =>
    e && typeof e === "object" && !Array.isArray(e)
      ? (e as { provider: unknown; id: unknown })
      : { provider: e, id: undefined },
  );
}

export interface RowCheck {
  /** The whole row, when every field is valid. */
  user: LegacyUser | null;
  problems: Problem[];
  /** Fields that are valid on their own, for the cross-row checks even when others are not. */
  id?: string;
  email?: string;
  accounts: LinkedAccount[];
}

/** Checks one row on its own (the cross-row and database checks are in plan.ts). */
export function validateRow(line: number, raw: Record<string, unknown>): RowCheck {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, message: string) => problems.push({ code, line, message });

  for (const key of Object.keys(raw)) {
    if (!(COLUMNS as readonly string[]).includes(key)) add("field_unknown", `unknown field "${show(key)}"`);
  }
  for (const column of COLUMNS) {
    if (!OPTIONAL_COLUMNS.includes(column) && !(column in raw)) add("field_missing", `no ${column}`);
  }

  const id = idText(raw.id);
  if (inexactNumber(raw.id)) add("id_invalid", `id ${show(raw.id)}: ${INEXACT}`);
  else if ("id" in raw && (typeof id !== "string" || !ID.test(id))) {
    add("id_invalid", `id ${show(raw.id)}: use 1–128 letters, digits or . _ : @ -, starting with a letter or digit`);
  }
  const email = typeof raw.email === "string" ? raw.email.trim().toLowerCase() : undefined;
  if ("email" in raw && (!email || !emailSchema.safeParse(email).success)) {
    add("email_invalid", `email ${show(raw.email)}`);
  }
  const name = raw.name;
  if ("name" in raw && (typeof name !== "string" || name.length > NAME_MAX || CONTROL.test(name))) {
    add("name_invalid", `name ${show(name)}: text of at most ${NAME_MAX} characters without control characters`);
  }
  const emailVerified = parseBoolean(raw.email_verified);
  if ("email_verified" in raw && emailVerified === undefined) {
    add("email_verified_invalid", `email_verified ${show(raw.email_verified)}`);
  }
  const hash = raw.password_hash === null ? "" : raw.password_hash;
  if (
    "password_hash" in raw &&
    (typeof hash !== "string" || (hash !== "" && !isLegacyHash(hash) && !APP_HASH.test(hash)))
  ) {
    add("hash_malformed", `password_hash ${show(hash)}`);
  }
  const role = typeof raw.role === "string" ? raw.role.trim().toLowerCase() : raw.role;
  if ("role" in raw && !(roles as readonly unknown[]).includes(role)) {
    add("role_unknown", `role ${show(raw.role)} (use ${roles.join(", ")})`);
  }
  const createdAt = parseDate(raw.created_at);
  if ("created_at" in raw && !createdAt) {
    add("date_invalid", `created_at ${show(raw.created_at)}: an ISO 8601 date between 1970 and today`);
  }
  const image = raw.image === undefined || raw.image === null ? "" : raw.image;
  if (typeof image !== "string" || (image !== "" && (image.length > IMAGE_MAX || !/^https?:\/\/\S+$/i.test(image)))) {
    add("image_invalid", `image ${show(image)}`);
  }

  const accounts: LinkedAccount[] = [];
  const entries = accountEntries(raw.accounts);
  if (typeof entries === "string") add("account_invalid", entries);
  else {
    for (const entry of entries) {
      const provider = typeof entry.provider === "string" ? entry.provider.toLowerCase() : entry.provider;
      if (!(PROVIDERS as readonly unknown[]).includes(provider)) {
        add("provider_unknown", `provider ${show(entry.provider)} (use ${PROVIDERS.join(" or ")})`);
        continue;
      }
      if (inexactNumber(entry.id)) {
        add("account_invalid", `${provider} account id ${show(entry.id)}: ${INEXACT}`);
        continue;
      }
      const accountId = idText(entry.id);
      if (typeof accountId !== "string" || !ACCOUNT_ID[provider as Provider].test(accountId)) {
        add("account_invalid", `${provider} account id ${show(entry.id ?? "")}`);
        continue;
      }
      if (accounts.some((a) => a.provider === provider && a.id === accountId)) {
        add("account_duplicate", `${provider}:${accountId} listed twice on this row`);
        continue;
      }
      accounts.push({ provider: provider as Provider, id: accountId });
    }
  }

  const has = (code: ProblemCode) => problems.some((p) => p.code === code);
  const keys = {
    id: "id" in raw && !has("id_invalid") ? (id as string) : undefined,
    email: "email" in raw && !has("email_invalid") ? (email as string) : undefined,
    accounts,
  };
  if (problems.length > 0) return { user: null, problems, ...keys };
  return {
    ...keys,
    user: {
      line,
      id: id as string,
      email: email as string,
      name: name as string,
      emailVerified: emailVerified as boolean,
      passwordHash: hash === "" ? null : (hash as string),
      role: role as Role,
      createdAt: createdAt as Date,
      accounts,
      image: image === "" ? null : (image as string),
    },
    problems: [],
  };
}
