import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db/client";
import { listAllEnrollments } from "@/db/queries/enrollment";
import { enrollmentStatuses } from "@/db/schema";
import { changeEnrolments, matchEmailList, requireCourseId, retentionNotice } from "@/lib/enrolment/enrolment";
import { CliError, type Command } from "./types";

function parse<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new CliError(result.error.issues.map((i) => i.message).join("; "));
  return result.data;
}

const day = z.iso.date("--ended-at must be a date (YYYY-MM-DD)").transform((d) => new Date(`${d}T00:00:00Z`));

export const enrolEnd: Command = {
  name: "enrol:end",
  usage: "enrol:end --email E | --file F [--status completed|withdrawn] [--ended-at YYYY-MM-DD] [--course C]",
  summary: "end enrolments (one email, or a file of emails); conversations are deleted 30 days later",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        file: { type: "string" },
        status: { type: "string", default: "completed" },
        "ended-at": { type: "string" },
        course: { type: "string" },
      },
    });
    const input = parse(
      z
        .object({
          email: z.email("--email must be an email address").optional(),
          file: z.string().optional(),
          status: z.enum(["completed", "withdrawn"], { message: "--status must be completed or withdrawn" }),
          endedAt: day.optional(),
          course: z.string().optional(),
        })
        .refine((v) => Boolean(v.email) !== Boolean(v.file), { message: "give exactly one of --email or --file" }),
      { ...values, endedAt: values["ended-at"] },
    );
    const text = input.file
      ? await fs.readFile(input.file, "utf8").catch((err: NodeJS.ErrnoException) => {
          throw new CliError(`cannot read ${input.file}: ${err.code ?? err.message}`);
        })
      : (input.email as string);
    const db = await getDb();
    const courseId = await requireCourseId({ db, courseId: input.course });
    const match = await matchEmailList({ db, courseId, text });
    for (const email of match.unknown) console.error(`no account: ${email}`);
    for (const entry of match.invalid) console.error(`not an email address: ${entry}`);
    const changes = await changeEnrolments({
      db,
      actor: "cli",
      courseId,
      userIds: match.matched.map((m) => m.userId),
      to: input.status,
      endedAt: input.endedAt,
      via: "cli",
    });
    const changed = new Set(changes.map((c) => c.userId));
    for (const m of match.matched) {
      if (!changed.has(m.userId)) console.error(`unchanged (${m.status ?? "not enrolled"}): ${m.email}`);
    }
    console.log(
      `ended ${changes.length} enrolment${changes.length === 1 ? "" : "s"} in ${courseId} as ${input.status}; ${match.matched.length - changes.length} unchanged, ${match.unknown.length} unknown, ${match.invalid.length} invalid`,
    );
    const notice = retentionNotice(changes);
    if (notice) console.log(notice);
    if (input.email && changes.length === 0) {
      throw new CliError(
        match.unknown.length > 0 ? `no user with email ${input.email}` : `${input.email} has no active enrolment`,
      );
    }
  },
};

export const enrolList: Command = {
  name: "enrol:list",
  usage: "enrol:list [--status active|completed|withdrawn] [--course C] [--json]",
  summary: "list enrolments (tab-separated, or JSON with --json)",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { status: { type: "string" }, course: { type: "string" }, json: { type: "boolean", default: false } },
    });
    const input = parse(
      z.object({
        status: z
          .enum(enrollmentStatuses, { message: `--status must be one of ${enrollmentStatuses.join(", ")}` })
          .optional(),
        course: z.string().optional(),
        json: z.boolean(),
      }),
      values,
    );
    const db = await getDb();
    const courseId = await requireCourseId({ db, courseId: input.course });
    const rows = await listAllEnrollments({ db, filter: { courseId, status: input.status } });
    if (input.json) {
      console.log(JSON.stringify(rows.map((r) => ({ ...r, courseId }))));
      return;
    }
    const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "-");
    console.log(["email", "status", "started", "ended", "name"].join("\t"));
    for (const r of rows) console.log([r.email, r.status, iso(r.startedAt), iso(r.endedAt), r.name].join("\t"));
    console.error(`${rows.length} enrolment${rows.length === 1 ? "" : "s"} in ${courseId}`);
  },
};
