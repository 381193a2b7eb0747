"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * "Send the link again". Without a known address (a link opened signed out) it asks for one.
 * The answer is the same whether or not the address has an account.
 */
export function ResendVerification({ email: known, label = "Send a new link" }: { email?: string; label?: string }) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | "error">("idle");
  const [message, setMessage] = useState("");
  const [typed, setTyped] = useState("");
  const email = known || typed.trim();
  return (
    <div className="space-y-2" aria-live="polite">
      {known ? null : (
        <label className="block space-y-1 text-sm">
          <span>Your email address</span>
          <input
            type="email"
            autoComplete="email"
            className="block w-full rounded-md border bg-background px-3 py-2"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
      )}
      <Button
        type="button"
        variant="secondary"
        disabled={state === "sending" || !email}
        onClick={async () => {
          setState("sending");
          // Loaded on click: this notice shows on pages whose other visitors never need it.
          const [{ authClient }, { authErrorMessage }] = await Promise.all([
            import("@/lib/auth/client"),
            import("@/lib/auth/error-messages"),
          ]);
          const { error } = await authClient.sendVerificationEmail({ email, callbackURL: "/verify-email?verified=1" });
          if (error) {
            setState("error");
            setMessage(authErrorMessage(error));
          } else {
            setState("sent");
          }
        }}
      >
        {state === "sending" ? "Sending…" : label}
      </Button>
      {state === "sent" ? (
        <p className="text-sm" data-testid="verification-sent">
          If {email} has an account waiting for confirmation, a new link is on its way.
        </p>
      ) : null}
      {state === "error" ? (
        <p role="alert" className="text-destructive text-sm">
          {message}
        </p>
      ) : null}
    </div>
  );
}
