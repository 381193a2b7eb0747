import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { listUserEnrollments } from "@/db/queries/enrollment";
import { FRESH_SIGN_IN_MINUTES } from "@/lib/account/delete";
import { deviceSessions } from "@/lib/account/sessions";
import { signInMethods } from "@/lib/account/sign-in-methods";
import { configuredProviders } from "@/lib/auth/providers";
import { getCurrentSession } from "@/lib/auth/session";
import { DataSection } from "./_components/data-section";
import { DeleteSection } from "./_components/delete-section";
import { PasswordSection } from "./_components/password-section";
import { ProfileSection } from "./_components/profile-section";
import { SessionsSection } from "./_components/sessions-section";
import { SignInMethodsSection } from "./_components/sign-in-methods-section";

export const metadata: Metadata = { title: "Your account" };

/**
 * The signed-in user's own account, as a column of self-contained sections (each in
 * _components/, each with its own server actions in actions.ts). A new concern — say
 * two-factor authentication — is one more section component placed in `sections` below, with
 * an entry in `contents`; nothing else on the page needs to change.
 */
export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string; error?: string }>;
}) {
  const current = await getCurrentSession();
  if (!current) redirect("/sign-in?next=/account");
  const { user, session } = current;
  const db = await getDb();
  const [{ email, error }, methods, sessions, enrolments] = await Promise.all([
    searchParams,
    signInMethods({ db, userId: user.id }),
    deviceSessions({ db, userId: user.id, currentSessionId: session.id }),
    listUserEnrollments({ db, userId: user.id }),
  ]);
  const hasPassword = methods.some((m) => m.providerId === "credential" && m.usable);
  const linked = new Set(methods.map((m) => m.providerId));
  const providers = configuredProviders();
  const fresh = Date.now() - session.createdAt.getTime() < FRESH_SIGN_IN_MINUTES * 60_000;

  const sections: { id: string; title: string; element: React.ReactNode }[] = [
    {
      id: "profile",
      title: "Profile",
      element: (
        <ProfileSection
          name={user.name}
          email={user.email}
          emailVerified={user.emailVerified}
          emailChange={email === "changed" ? (error ? "failed" : "done") : undefined}
        />
      ),
    },
    {
      id: "password",
      title: "Password",
      element: <PasswordSection hasPassword={hasPassword} email={user.email} name={user.name} />,
    },
    {
      id: "sign-in-methods",
      title: "Ways to sign in",
      element: (
        <SignInMethodsSection
          methods={methods.map((m) => ({ ...m, linkedAt: m.linkedAt.toISOString() }))}
          linkable={providers.filter((p) => !linked.has(p))}
          linkError={email === "changed" ? undefined : error?.slice(0, 80)}
        />
      ),
    },
    {
      id: "sessions",
      title: "Devices",
      element: (
        <SessionsSection
          sessions={sessions.map((s) => ({
            id: s.id,
            label: s.device.label,
            kind: s.device.kind,
            ipAddress: s.ipAddress,
            signedInAt: s.signedInAt.toISOString(),
            lastActiveAt: s.lastActiveAt.toISOString(),
            current: s.current,
          }))}
        />
      ),
    },
    {
      id: "your-data",
      title: "Your data",
      element: (
        <DataSection
          enrolments={enrolments.map((e) => ({
            courseTitle: e.courseTitle,
            status: e.status,
            startedAt: e.startedAt.toISOString(),
            endedAt: e.endedAt?.toISOString() ?? null,
          }))}
        />
      ),
    },
    {
      id: "delete",
      title: "Delete account",
      element: (
        <DeleteSection
          hasPassword={hasPassword}
          providers={methods.filter((m) => m.providerId !== "credential").map((m) => m.providerId)}
          fresh={fresh}
          freshMinutes={FRESH_SIGN_IN_MINUTES}
        />
      ),
    },
  ];

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="font-bold text-3xl tracking-tight">Your account</h1>
        <nav aria-label="Account sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {sections.map((s) => (
            <a key={s.id} href={`#${s.id}`} className="text-muted-foreground hover:text-foreground">
              {s.title}
            </a>
          ))}
        </nav>
      </header>
      {sections.map((s) => (
        <div key={s.id}>{s.element}</div>
      ))}
    </div>
  );
}
