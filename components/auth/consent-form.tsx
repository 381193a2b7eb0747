"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { FormError } from "./form-field";

const scopeText: Record<string, string> = {
  openid: "Confirm who you are (your account id)",
  profile: "See your name and role",
  email: "See your email address and whether it is confirmed",
  offline_access: "Stay connected when you are not using it (a refresh token)",
};

export function ConsentForm({
  clientName,
  clientUri,
  scopes,
}: {
  clientName: string;
  clientUri?: string;
  scopes: string[];
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<"allow" | "deny" | null>(null);

  async function decide(accept: boolean) {
    setPending(accept ? "allow" : "deny");
    setError(null);
    const { data, error } = await authClient.oauth2.consent({ accept });
    const next = data as { url?: string; redirect_uri?: string } | null;
    if (error || !(next?.url ?? next?.redirect_uri)) {
      setPending(null);
      setError(authErrorMessage(error));
      return;
    }
    window.location.assign((next.url ?? next.redirect_uri) as string);
  }

  return (
    <div className="space-y-4">
      <p>
        <strong data-testid="consent-client">{clientName}</strong>
        {clientUri ? <span className="text-muted-foreground text-sm"> ({clientUri})</span> : null} wants to use your
        IntelliStack Tutor account. It will be able to:
      </p>
      <ul className="list-disc space-y-1 pl-6 text-sm" data-testid="consent-scopes">
        {scopes.map((scope) => (
          <li key={scope}>{scopeText[scope] ?? scope}</li>
        ))}
      </ul>
      <p className="text-muted-foreground text-xs">We remember your answer; you can revoke access later.</p>
      <FormError message={error} />
      <div className="flex gap-3">
        <Button variant="outline" className="grow basis-0" disabled={pending !== null} onClick={() => decide(false)}>
          {pending === "deny" ? "Denying…" : "Deny"}
        </Button>
        <Button className="grow basis-0" disabled={pending !== null} onClick={() => decide(true)}>
          {pending === "allow" ? "Allowing…" : "Allow"}
        </Button>
      </div>
    </div>
  );
}
