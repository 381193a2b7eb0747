import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { DEV_LEARNER_COOKIE, isLearnerId } from "./dev-learner";
import type { Role } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: boolean;
}

/** The signed-in user for this request, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const id = (await cookies()).get(DEV_LEARNER_COOKIE)?.value;
  if (!isLearnerId(id)) return null;
  return { id: `learner-${id}`, name: "Learner", email: "", role: "student", emailVerified: true };
}

/** For pages and server actions: the user, or a redirect to the landing page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/");
  return user;
}
