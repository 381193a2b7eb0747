import "server-only";
import type { Executor } from "@/db/client";
import { type ExportedUserRow, listUsersForExport } from "@/db/queries/user-export";
import { toRole } from "@/lib/auth/user";
import { csvLine } from "./csv";
import { COLUMNS } from "./format";

export type ExportFormat = "jsonl" | "csv";

/** One user in the export format (docs/migration.md), keys in column order. */
export interface ExportRecord {
  id: string;
  email: string;
  name: string;
  email_verified: boolean;
  password_hash: string;
  role: string;
  created_at: string;
  accounts: { provider: string; id: string }[];
  image: string | null;
}

export function toExportRecord(u: ExportedUserRow): ExportRecord {
  // The password better-auth checks is on the credential account keyed by the user id.
  const credential =
    u.accounts.find((a) => a.providerId === "credential" && a.accountId === u.id) ??
    u.accounts.find((a) => a.providerId === "credential");
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    email_verified: u.emailVerified,
    password_hash: credential?.password ?? "",
    role: toRole(u.role),
    created_at: u.createdAt.toISOString(),
    accounts: u.accounts
      .filter((a) => a.providerId !== "credential")
      .map((a) => ({ provider: a.providerId, id: a.accountId })),
    image: u.image,
  };
}

export function formatRecord(format: ExportFormat, r: ExportRecord): string {
  if (format === "jsonl") return `${JSON.stringify(r)}\n`;
  return csvLine([
    r.id,
    r.email,
    r.name,
    String(r.email_verified),
    r.password_hash,
    r.role,
    r.created_at,
    r.accounts.map((a) => `${a.provider}:${a.id}`).join(";"),
    r.image ?? "",
  ]);
}

/** The file's text, piece by piece: the CSV header, then one line per user, read a page at a time. */
export async function* exportUsers({
  db,
  format,
  pageSize = 1000,
  onProgress,
}: {
  db: Executor;
  format: ExportFormat;
  pageSize?: number;
  onProgress?: (written: number) => void;
}): AsyncGenerator<string> {
  if (format === "csv") yield csvLine([...COLUMNS]);
  let afterId: string | null = null;
  let written = 0;
  for (;;) {
    const page = await listUsersForExport({ db, afterId, limit: pageSize });
    if (page.length === 0) break;
    yield page.map((u) => formatRecord(format, toExportRecord(u))).join("");
    written += page.length;
    onProgress?.(written);
    afterId = page[page.length - 1]?.id ?? null;
    if (page.length < pageSize) break;
  }
}
