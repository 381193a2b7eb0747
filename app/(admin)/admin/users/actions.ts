"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { applyUserAction, userActions } from "@/lib/admin/user-admin";
import { roles } from "@/lib/auth/roles";

const input = z.object({
  userId: z.string().min(1).max(100),
  action: z.enum(userActions),
  role: z.enum(roles).optional(),
});

export type UserActionState = ActionState;

export const userAction = validatedAction(
  { role: ["admin"], schema: input, invalidMessage: "That request was not understood." },
  async ({ userId, action, role }, admin) => {
    const message = await applyUserAction({ db: await getDb(), admin, userId, action, role });
    revalidatePath("/admin/users");
    return { message, data: undefined };
  },
);
