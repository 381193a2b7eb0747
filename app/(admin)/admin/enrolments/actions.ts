"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { changeEnrolments, type ListMatch, MAX_LIST, matchEmailList, retentionNotice } from "@/lib/enrolment/enrolment";

const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().min(1).max(100)).max(MAX_LIST),
);

const change = z.object({
  courseId: z.string().min(1).max(100),
  userId: ids,
  to: z.enum(["completed", "withdrawn", "active"]),
  endedAt: z.iso.date("Choose the day the enrolment ended.").optional(),
  via: z.enum(["admin", "bulk"]).default("admin"),
});

export type ChangeEnrolmentState = ActionState<{ changed: number }>;

/** End (completed/withdrawn) or reopen one or many enrolments; each change is audited. */
export const changeEnrolmentAction = validatedAction(
  { role: ["admin"], schema: change, invalidMessage: "That request was not understood." },
  async ({ courseId, userId, to, endedAt, via }, admin) => {
    if (userId.length === 0) return { message: "Select at least one learner.", data: { changed: 0 } };
    const changes = await changeEnrolments({
      db: await getDb(),
      actor: admin,
      courseId,
      userIds: userId,
      to,
      endedAt: endedAt ? new Date(`${endedAt}T00:00:00Z`) : undefined,
      via,
    });
    revalidatePath("/admin/enrolments");
    revalidatePath("/admin/retention");
    const verb = to === "active" ? "Reopened" : `Ended (${to})`;
    const skipped = userId.length - changes.length;
    const notice = retentionNotice(changes);
    return {
      message: `${verb}: ${changes.length} enrolment${changes.length === 1 ? "" : "s"}.${skipped > 0 ? ` ${skipped} already ${to === "active" ? "active" : "ended"} or not enrolled, left as they were.` : ""}${notice ? ` ${notice}` : ""}`,
      data: { changed: changes.length },
    };
  },
);

export type PreviewListState = ActionState<ListMatch>;

/** Who a pasted or uploaded list of emails matches, before anything changes. */
export const previewEmailListAction = validatedAction(
  {
    role: ["admin"],
    schema: z.object({
      courseId: z.string().min(1).max(100),
      list: z.string({ message: "Paste or upload a list of emails." }).max(512 * 1024, "The list is too large."),
    }),
  },
  async ({ courseId, list }) => {
    const match = await matchEmailList({ db: await getDb(), courseId, text: list });
    return {
      message: `${match.matched.length} match, ${match.unknown.length} have no account, ${match.invalid.length} are not email addresses.`,
      data: match,
    };
  },
);
