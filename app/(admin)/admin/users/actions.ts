"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { applyUserAction, userActions } from "@/lib/admin/user-admin";
import { roles } from "@/lib/auth/roles";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

const input = z.object({
  userId: z.string().min(1).max(100),
  action: z.enum(userActions),
  role: z.enum(roles).optional(),
});

export type UserActionState = { ok: boolean; message: string } | null;

export async function userAction(_prev: UserActionState, form: FormData): Promise<UserActionState> {
  const admin = await requireRole(["admin"]);
  const parsed = input.safeParse({
    userId: form.get("userId"),
    action: form.get("action"),
    role: form.get("role") || undefined,
  });
  if (!parsed.success) return { ok: false, message: "That request was not understood." };
  try {
    const message = await applyUserAction(admin, parsed.data.userId, parsed.data.action, parsed.data.role);
    revalidatePath("/admin/users");
    return { ok: true, message };
  } catch (err) {
    return { ok: false, message: err instanceof AppError ? err.message : "The action failed; nothing was changed." };
  }
}
