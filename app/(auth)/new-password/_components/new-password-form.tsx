"use client";

import { useState } from "react";
import { FormError, FormField } from "@/components/auth/form-field";
import { PasswordMeter, passwordRulesHint } from "@/components/auth/password-meter";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { safeNextPath } from "@/lib/auth/safe-next";

export function NewPasswordForm({ email, name, next }: { email: string; name: string; next: string }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setPending(true);
        setError(null);
        const { error } = await authClient.changePassword({
          currentPassword: String(form.get("currentPassword")),
          newPassword: password,
          revokeOtherSessions: form.get("revokeOtherSessions") === "on",
        });
        if (error) {
          setPending(false);
          setError(authErrorMessage(error));
          return;
        }
        // A full page load, so the next page is rendered with the request to change gone.
        window.location.assign(safeNextPath(next, window.location.origin));
      }}
    >
      <FormField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={password ? <PasswordMeter password={password} email={email} name={name} /> : passwordRulesHint}
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="revokeOtherSessions" defaultChecked /> Sign me out on other devices
      </label>
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Save new password"}
      </Button>
    </form>
  );
}
