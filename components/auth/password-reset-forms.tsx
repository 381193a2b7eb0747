"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { AuthCard } from "./auth-card";
import { FormError, FormField } from "./form-field";
import { PasswordMeter, passwordRulesHint } from "./password-meter";

export const RESET_SENT = "If that account exists, we sent a link to reset its password. It works once, for one hour.";

export function ForgotPasswordForm() {
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  if (state === "sent") {
    return (
      <p role="status" data-testid="reset-requested">
        {RESET_SENT}
      </p>
    );
  }
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setState("sending");
        const email = String(new FormData(event.currentTarget).get("email"));
        const { error } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
        if (error) {
          setError(authErrorMessage(error));
          setState("idle");
        } else {
          setState("sent");
        }
      }}
    >
      <FormField label="Email" name="email" type="email" autoComplete="email" required />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={state === "sending"}>
        {state === "sending" ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}

/** The reset page's card: its title follows the form, so success no longer says "Choose a new password". */
export function ResetPasswordCard({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <AuthCard title="Password changed">
        <div className="space-y-3" role="status" data-testid="password-reset-done">
          <p>Your password has been changed, and you have been signed out everywhere else.</p>
          <Button asChild className="w-full">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" description="After this, you will be signed out on every other device.">
      <ResetPasswordForm token={token} onDone={() => setDone(true)} />
    </AuthCard>
  );
}

function ResetPasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<{ code?: string; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        const { error } = await authClient.resetPassword({ newPassword: password, token });
        setPending(false);
        if (error) setError({ code: error.code, text: authErrorMessage(error) });
        else onDone();
      }}
    >
      <FormField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={password ? <PasswordMeter password={password} /> : passwordRulesHint}
      />
      <FormError message={error?.text} />
      {error?.code === "INVALID_TOKEN" ? (
        <Link href="/forgot-password" className="text-primary text-sm hover:underline">
          Request a new link
        </Link>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
