import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { hash } from "@node-rs/bcrypt";
import { csvLine } from "@/lib/migration/csv";
import { COLUMNS } from "@/lib/migration/format";

/**
 * A generated legacy user base, as the old system would export it (docs/migration.md): ids of
 * several shapes, every role, verified and not, bcrypt in its three prefixes, mostly at cost 4
 * (fast) with a few at 10–12, social-only users, users with both, names with commas, quotes,
 * line breaks and non-Latin scripts, and some passwords that fail today's policy.
 */
export interface LegacyRecord {
  id: string;
  email: string;
  name: string;
  email_verified: boolean;
  password_hash: string;
  role: "student" | "instructor" | "admin";
  created_at: string;
  accounts: { provider: "google" | "github"; id: string }[];
  image: string | null;
}

export interface LegacyUserSet {
  records: LegacyRecord[];
  /** Plain passwords of users that have one. */
  passwords: Map<string, string>;
  /** Named groups of user ids (each has at least a few members). */
  groups: Record<string, string[]>;
}

const NAMES = ["Ada Lovelace", "Zoë Ångström", "李雷", "O'Brien, Pat", 'Max "Mad" Mustermann', "Ana\nMaria", "Юлия"];
const WEAK = ["password1", "letmein", "qwerty123", "sunshine"];
const PREFIXES = ["$2a$", "$2b$", "$2y$"] as const;

function costFor(i: number, n: number): number {
  // The last 30 users carry realistic costs; everyone else is at the minimum so tests stay fast.
  if (i >= n - 2) return 12;
  if (i >= n - 10) return 11;
  if (i >= n - 30) return 10;
  return 4;
}

async function generate(n: number): Promise<LegacyUserSet> {
  const records: LegacyRecord[] = [];
  const passwords = new Map<string, string>();
  const groups: Record<string, string[]> = {};
  const add = (group: string, id: string) => {
    groups[group] ??= [];
    groups[group].push(id);
  };
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const id = i % 3 === 0 ? String(100000 + i) : i % 3 === 1 ? `legacy-${i}` : `u_${i.toString(36)}.x`;
    const role = i % 1000 === 7 ? "admin" : i % 100 === 3 ? "instructor" : "student";
    const socialOnly = i % 20 === 5;
    const withSocial = socialOnly || i % 33 === 4;
    const accounts: LegacyRecord["accounts"] = [];
    if (withSocial && i % 2 === 0) accounts.push({ provider: "google", id: `1${String(i).padStart(20, "0")}` });
    if (withSocial && (i % 2 === 1 || i % 4 === 0)) accounts.push({ provider: "github", id: String(9_000_000 + i) });
    const weak = !socialOnly && i % 97 === 11;
    // Not the decimal index: names carry it, and the policy rejects a password containing the name.
    const password = weak ? `${WEAK[i % WEAK.length]}` : `Quiet-Harbor-${i.toString(36)}-lantern-Ovq!`;
    const record: LegacyRecord = {
      id,
      email: i % 10 === 0 ? `User.${i}@Legacy.Example` : `user${i}@legacy.example`,
      name: `${NAMES[i % NAMES.length]} ${i}`,
      email_verified: i % 10 !== 9,
      password_hash: "",
      role,
      created_at: new Date(Date.UTC(2015, 0, 1) + i * 3_600_000 + (i % 1000)).toISOString(),
      accounts,
      image: i % 50 === 1 ? `https://img.legacy.example/u/${i}.png?size=64,64` : null,
    };
    records.push(record);
    if (!socialOnly) {
      passwords.set(id, password);
      const cost = costFor(i, n);
      const prefix = PREFIXES[i % PREFIXES.length] as string;
      pending.push(
        hash(password, cost).then((h) => {
          record.password_hash = `${prefix}${h.slice(4)}`;
        }),
      );
      if (pending.length >= 64) await Promise.all(pending.splice(0));
      add(`cost-${cost}`, id);
      add(`prefix-${prefix.slice(1, 3)}`, id);
      if (weak) add("weak-password", id);
    } else {
      add("social-only", id);
    }
    if (withSocial) add(accounts.map((a) => a.provider).join("+"), id);
    add(`role-${role}`, id);
    add(record.email_verified ? "verified" : "unverified", id);
  }
  await Promise.all(pending);
  return { records, passwords, groups };
}

/**
 * The set for `n` users. Hashing 10,000 passwords takes seconds, so the result is kept in the
 * temp folder (keyed by a version and `n`) and reused by later runs and the other drivers.
 */
export async function legacyUserSet(n: number): Promise<LegacyUserSet> {
  const file = path.join(os.tmpdir(), `itutor-legacy-users-v4-${n}.json`);
  try {
    const cached = JSON.parse(await fs.readFile(file, "utf8"));
    return { records: cached.records, passwords: new Map(cached.passwords), groups: cached.groups };
  } catch {
    const set = await generate(n);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ ...set, passwords: [...set.passwords] }));
    await fs.rename(tmp, file);
    return set;
  }
}

export function toJsonLines(records: LegacyRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n");
}

/** CSV as the old system wrote it; with `crlf`, records end in CRLF (line breaks inside names stay as they are). */
export function toCsv(records: LegacyRecord[], { crlf = false } = {}): string {
  const end = (line: string) => (crlf ? `${line.slice(0, -1)}\r\n` : line);
  return [
    csvLine([...COLUMNS]),
    ...records.map((r) =>
      csvLine([
        r.id,
        r.email,
        r.name,
        String(r.email_verified),
        r.password_hash,
        r.role,
        r.created_at,
        r.accounts.map((a) => `${a.provider}:${a.id}`).join(";"),
        r.image ?? "",
      ]),
    ),
  ]
    .map(end)
    .join("");
}
