import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";

export default async function AdminHome() {
  const user = await requireRole(["admin", "instructor"], "/admin");
  redirect(user.role === "admin" ? "/admin/users" : "/admin/threads");
}
