"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { type AccountState, removeMethodAction } from "../actions";
import { AccountSection, ActionMessage } from "./account-section";

const providerNames: Record<string, string> = { credential: "Email and password", google: "Google", github: "GitHub" };
const nameOf = (providerId: string) => providerNames[providerId] ?? providerId;

export interface MethodView {
  accountId: string;
  providerId: string;
  linkedAt: string;
  usable: boolean;
  removable: boolean;
}

/** The ways to sign in: link Google/GitHub, remove any but the last that works. */
export function SignInMethodsSection({
  methods,
  linkable,
  linkError,
}: {
  methods: MethodView[];
  /** Configured providers not linked yet. */
  linkable: string[];
  linkError?: string;
}) {
  const [state, action, pending] = useActionState<AccountState, FormData>(removeMethodAction, null);
  const [linking, setLinking] = useState<string | null>(null);
  return (
    <AccountSection
      id="sign-in-methods"
      title="Ways to sign in"
      description={
        linkable.length > 0
          ? "Link Google or GitHub to sign in with them too. The last way you can sign in cannot be removed."
          : "The last way you can sign in cannot be removed."
      }
    >
      <div className="space-y-2">
        <ul className="divide-y rounded-lg border" data-testid="sign-in-methods">
          {methods.map((m) => (
            <li
              key={m.accountId}
              className="flex flex-wrap items-center justify-between gap-2 p-3"
              data-provider={m.providerId}
            >
              <div>
                <p className="font-medium text-sm">{nameOf(m.providerId)}</p>
                <p className="text-muted-foreground text-xs">
                  {!m.usable
                    ? "No password set"
                    : m.removable
                      ? `Added ${m.linkedAt.slice(0, 10)}`
                      : "Your only way to sign in"}
                </p>
              </div>
              {/* The last way to sign in offers no button that can only be refused (the server
                  refuses it all the same); the name starts with the words on the button. */}
              {m.removable ? (
                <form action={action}>
                  <input type="hidden" name="accountId" value={m.accountId} />
                  <Button
                    type="submit"
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    aria-label={m.providerId === "credential" ? "Remove password" : `Unlink ${nameOf(m.providerId)}`}
                  >
                    {m.providerId === "credential" ? "Remove password" : "Unlink"}
                  </Button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        <ActionMessage state={state} testId="method-result" />
      </div>
      {linkError ? (
        <p role="alert" className="text-destructive text-sm">
          Linking did not work ({linkError.replaceAll("_", " ").toLowerCase()}). The provider must confirm the same
          email address as your account's.
        </p>
      ) : null}
      {linkable.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {linkable.map((provider) => (
            <Button
              key={provider}
              type="button"
              variant="secondary"
              disabled={linking !== null}
              onClick={async () => {
                setLinking(provider);
                await authClient.linkSocial({
                  provider: provider as "google" | "github",
                  callbackURL: "/account?linked=1#sign-in-methods",
                  errorCallbackURL: "/account#sign-in-methods",
                });
                setLinking(null);
              }}
            >
              {linking === provider ? "Redirecting…" : `Link ${nameOf(provider)}`}
            </Button>
          ))}
        </div>
      ) : null}
    </AccountSection>
  );
}
