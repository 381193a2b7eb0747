"use client";

import { useActionState, useEffect, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { PasswordMeter } from "@/components/auth/password-meter";
import { Button } from "@/components/ui/button";
import { type AccountState, changePasswordAction, setPasswordAction } from "../actions";
import { AccountSection, ActionMessage } from "./account-section";

/** Change the password (the policy applies), or set a first one for a Google/GitHub-only account. */
export function PasswordSection({ hasPassword, email, name }: { hasPassword: boolean; email: string; name: string }) {
  const [state, action, pending] = useActionState<AccountState, FormData>(
    hasPassword ? changePasswordAction : setPasswordAction,
    null,
  );
  const [next, setNext] = useState("");
  useEffect(() => {
    if (state?.ok) setNext("");
  }, [state]);
  return (
    <AccountSection
      id="password"
      title="Password"
      description={
        hasPassword
          ? "12 to 128 characters with upper and lower case, a digit and a symbol, and not easy to guess."
          : "You sign in with a linked account only. Set a password to also sign in with your email."
      }
    >
      <form action={action} className="space-y-3" aria-label={hasPassword ? "Change password" : "Set a password"}>
        {/* Lets password managers tie the new password to this account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        {hasPassword ? (
          <FormField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
        ) : null}
        <FormField
          label={hasPassword ? "New password" : "Password"}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
        {next ? <PasswordMeter password={next} email={email} name={name} /> : null}
        {hasPassword ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="revokeOtherSessions" className="size-4" />
            Sign out my other devices
          </label>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending}>
            {hasPassword ? "Change password" : "Set password"}
          </Button>
          <ActionMessage state={state} testId="password-result" />
        </div>
      </form>
    </AccountSection>
  );
}
