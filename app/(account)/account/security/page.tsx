import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { hasPassword } from "@/db/queries/users";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { TwoFactorSection } from "../_components/two-factor-section";

export const metadata: Metadata = { title: "Sign-in security" };

/**
 * Two-step verification for the signed-in user. Admins who must have it (ADMIN_REQUIRE_2FA)
 * are sent here by the admin area until it is on. The section is self-contained so it can
 * also sit among the sections of /account.
 */
export default async function AccountSecurityPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const user = await requireUser("/account/security");
  const [{ required }, withPassword] = await Promise.all([
    searchParams,
    hasPassword({ db: await getDb(), userId: user.id }),
  ]);
  const mustHave = user.role === "admin" && env().adminRequireTwoFactor;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="font-bold text-3xl tracking-tight">Sign-in security</h1>
        {required === "admin" && mustHave && !user.twoFactorEnabled ? (
          <p className="rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm" role="status">
            The administration area opens once two-step verification is on for your account.
          </p>
        ) : null}
      </header>
      <TwoFactorSection enabled={user.twoFactorEnabled} required={mustHave} hasPassword={withPassword} />
    </div>
  );
}
