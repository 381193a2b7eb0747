"use client";

import { useActionState, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { type AccountState, deleteAccountAction } from "../actions";
import { AccountSection, ActionMessage } from "./account-section";

/**
 * Deleting the account: the password again, or — without one — a sign-in within the last
 * few minutes through a linked provider. Admin accounts are refused on the server.
 */
export function DeleteSection({
  hasPassword,
  providers,
  fresh,
  freshMinutes,
}: {
  hasPassword: boolean;
  /** Linked providers the user can sign in with again to confirm. */
  providers: string[];
  fresh: boolean;
  freshMinutes: number;
}) {
  const [state, action, pending] = useActionState<AccountState, FormData>(deleteAccountAction, null);
  const [reauth, setReauth] = useState<string | null>(null);
  return (
    <AccountSection
      id="delete"
      title="Delete my account"
      danger
      description="This deletes your account, your sign-in methods and devices, your progress, enrolments and every conversation with the tutor. It cannot be undone. The audit log keeps that events happened, without your email, IP address or browser."
    >
      <form action={action} className="space-y-3" aria-label="Delete my account">
        {hasPassword ? (
          <FormField label="Your password" name="password" type="password" autoComplete="current-password" required />
        ) : fresh ? (
          <p className="text-sm" data-testid="fresh-sign-in">
            You signed in again within the last {freshMinutes} minutes: you can delete your account now.
          </p>
        ) : (
          <div className="space-y-2 text-sm">
            <p>To confirm it is you, sign in again with your linked account first.</p>
            <div className="flex flex-wrap gap-2">
              {providers.map((provider) => (
                <Button
                  key={provider}
                  type="button"
                  variant="outline"
                  disabled={reauth !== null}
                  onClick={async () => {
                    setReauth(provider);
                    await authClient.signIn.social({
                      provider: provider as "google" | "github",
                      callbackURL: "/account#delete",
                    });
                    setReauth(null);
                  }}
                >
                  {reauth === provider ? "Redirecting…" : `Sign in again with ${provider}`}
                </Button>
              ))}
            </div>
          </div>
        )}
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="confirm" value="yes" required className="mt-0.5 size-4" />I understand that my
          account and all my data will be deleted for good.
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="destructive" disabled={pending || (!hasPassword && !fresh)}>
            Delete my account
          </Button>
          <ActionMessage state={state} testId="delete-result" />
        </div>
      </form>
    </AccountSection>
  );
}
