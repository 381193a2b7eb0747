"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { type AuthError, describe } from "./auth-error";
import { FormError, FormField } from "./form-field";

/**
 * The second step of signing in: a six-digit code from the authenticator app, or one of the
 * backup codes. Wrong codes count toward the same lockout as wrong passwords.
 */
export function TwoFactorStep({ onDone, onRestart }: { onDone: () => void; onRestart: () => void }) {
  const [backup, setBackup] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    setPending(true);
    setError(null);
    const { error } = backup
      ? await authClient.twoFactor.verifyBackupCode({ code })
      : await authClient.twoFactor.verifyTotp({ code: code.replace(/\s/g, "") });
    setPending(false);
    if (error) {
      setError(error as AuthError);
      // The pending sign-in is gone (it expired, or too many codes): start again from the password.
      if (error.code === "INVALID_TWO_FACTOR_COOKIE" || error.code === "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE")
        onRestart();
      return;
    }
    onDone();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Two-step verification" noValidate>
      <p className="text-sm">
        {backup
          ? "Enter one of the backup codes you saved when you set up two-step verification. Each works once."
          : "Open your authenticator app and enter the six-digit code for IntelliStack Tutor."}
      </p>
      <FormField
        key={backup ? "backup" : "totp"}
        label={backup ? "Backup code" : "Authentication code"}
        name="code"
        autoComplete="one-time-code"
        inputMode={backup ? "text" : "numeric"}
        autoFocus
        required
      />
      <FormError message={error ? describe(error) : null} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </Button>
      <div className="flex justify-between text-sm">
        <button type="button" className="text-primary hover:underline" onClick={() => setBackup(!backup)}>
          {backup ? "Use the authenticator app" : "Use a backup code instead"}
        </button>
        <button type="button" className="text-muted-foreground hover:underline" onClick={onRestart}>
          Start over
        </button>
      </div>
    </form>
  );
}
