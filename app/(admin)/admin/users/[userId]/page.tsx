import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { listSignInMethods, listUserSessions } from "@/db/queries/account";
import { listUserEnrollments } from "@/db/queries/enrollment";
import { findUserById } from "@/db/queries/users";
import { learnerAllowance } from "@/lib/admin/tutor-limits";
import { isStaff } from "@/lib/auth/roles";
import { requireRole } from "@/lib/auth/session";
import { toRole } from "@/lib/auth/user";
import { env } from "@/lib/env";
import { TutorLimitForm } from "./_components/tutor-limit-form";

export const metadata: Metadata = { title: "User" };

const messages = (n: number) => `${n} message${n === 1 ? "" : "s"}`;
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId: raw } = await params;
  const userId = decodeURIComponent(raw).slice(0, 100);
  await requireRole(["admin"], `/admin/users/${encodeURIComponent(userId)}`);
  const db = await getDb();
  const user = await findUserById({ db, userId });
  if (!user) notFound();
  const role = toRole(user.role);
  const [enrolments, methods, sessions, allowance] = await Promise.all([
    listUserEnrollments({ db, userId }),
    listSignInMethods({ db, userId }),
    listUserSessions({ db, userId }),
    learnerAllowance({ db, userId, defaultLimit: env().tutorDailyLimit }),
  ]);
  const who = encodeURIComponent(user.email);

  return (
    <div className="max-w-3xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href="/admin/users">← Users</Link>
        </p>
        <h1 className="font-bold text-2xl">{user.name}</h1>
        <p className="text-muted-foreground text-sm">
          {user.email} · {role} · {user.emailVerified ? "email confirmed" : "email not confirmed"}
          {user.banned ? " · banned" : ""} · joined {when(user.createdAt)}
        </p>
        <p className="flex flex-wrap gap-x-4 text-sm">
          <Link href={`/admin/usage?userId=${encodeURIComponent(user.id)}`}>AI usage</Link>
          <Link href={`/admin/threads?who=${who}`}>Tutor threads</Link>
          <Link href={`/admin/audit?who=${who}`}>Audit log</Link>
          <Link href={`/admin/enrolments?q=${who}`}>Enrolments</Link>
        </p>
      </header>

      <section aria-labelledby="allowance-title" className="space-y-3 rounded-lg border p-4">
        <h2 id="allowance-title" className="font-semibold">
          Tutor allowance
        </h2>
        {isStaff(role) ? (
          <p className="text-sm">Instructors and admins have no tutor limit.</p>
        ) : (
          <>
            <p className="text-sm" data-testid="tutor-allowance">
              {allowance.ownLimit === null
                ? `Default limit: ${messages(allowance.defaultLimit)} per 24 hours.`
                : `Own limit: ${messages(allowance.ownLimit)} per 24 hours (the default is ${allowance.defaultLimit}).`}{" "}
              Used now: {allowance.used} of {allowance.quota.limit}
              {allowance.lastReset ? `; count last reset ${when(allowance.lastReset)}` : ""}.
            </p>
            <TutorLimitForm userId={user.id} ownLimit={allowance.ownLimit} defaultLimit={allowance.defaultLimit} />
          </>
        )}
      </section>

      <section aria-labelledby="enrolments-title" className="space-y-2">
        <h2 id="enrolments-title" className="font-semibold">
          Enrolments
        </h2>
        {enrolments.length === 0 ? (
          <p className="text-muted-foreground text-sm">Not enrolled in any course.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {enrolments.map((e) => (
              <li key={e.courseId} className="flex flex-wrap items-center gap-2">
                {e.courseTitle} <Badge variant={e.status === "active" ? "success" : "secondary"}>{e.status}</Badge>
                <span className="text-muted-foreground">
                  since {when(e.startedAt)}
                  {e.endedAt ? `, ended ${when(e.endedAt)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="signin-title" className="space-y-2 text-sm">
        <h2 id="signin-title" className="font-semibold">
          Sign-in
        </h2>
        <p>
          Methods:{" "}
          {methods.length === 0
            ? "none"
            : methods
                .map((m) =>
                  m.providerId === "credential" ? (m.hasPassword ? "password" : "no password") : m.providerId,
                )
                .join(", ")}
          . Active sessions: {sessions.length}. Sign-out everywhere, ban and role are on the{" "}
          <Link href={`/admin/users?q=${who}`}>users list</Link>.
        </p>
      </section>
    </div>
  );
}
