"use client";

import { Laptop, Smartphone, Tablet } from "lucide-react";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { type AccountState, revokeOtherSessionsAction, revokeSessionAction } from "../actions";
import { AccountSection, ActionMessage } from "./account-section";

export interface SessionView {
  id: string;
  label: string;
  kind: "mobile" | "tablet" | "desktop" | "unknown";
  ipAddress: string | null;
  signedInAt: string;
  lastActiveAt: string;
  current: boolean;
}

const icons = { mobile: Smartphone, tablet: Tablet, desktop: Laptop, unknown: Laptop };
const stamp = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** Every device signed in to this account; sign out one, or all but this one. */
export function SessionsSection({ sessions }: { sessions: SessionView[] }) {
  const [one, revokeOne, revokingOne] = useActionState<AccountState, FormData>(revokeSessionAction, null);
  const [others, revokeOthers, revokingOthers] = useActionState<AccountState, FormData>(
    revokeOtherSessionsAction,
    null,
  );
  const hasOthers = sessions.some((s) => !s.current);
  return (
    <AccountSection
      id="sessions"
      title="Where you are signed in"
      description="Sign a device out if you do not recognise it, or left yourself signed in somewhere."
    >
      <div className="space-y-2">
        <ul className="divide-y rounded-lg border" data-testid="sessions">
          {sessions.map((s) => {
            const Icon = icons[s.kind];
            return (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-3" data-session={s.id}>
                <div className="flex min-w-0 items-start gap-3">
                  <Icon className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
                  <div className="min-w-0 text-sm">
                    <p className="flex flex-wrap items-center gap-2 font-medium">
                      {s.label}
                      {s.current ? <Badge variant="success">This device</Badge> : null}
                    </p>
                    <p className="text-muted-foreground text-xs">
                      {s.ipAddress ? `IP ${s.ipAddress} · ` : ""}last active {stamp(s.lastActiveAt)} · signed in{" "}
                      {stamp(s.signedInAt)}
                    </p>
                  </div>
                </div>
                {s.current ? null : (
                  <form action={revokeOne}>
                    <input type="hidden" name="sessionId" value={s.id} />
                    <Button
                      type="submit"
                      size="sm"
                      variant="outline"
                      disabled={revokingOne}
                      aria-label={`Sign out ${s.label}, last active ${stamp(s.lastActiveAt)}`}
                    >
                      Sign out
                    </Button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
        <ActionMessage state={one} testId="session-result" />
      </div>
      {hasOthers ? (
        <form action={revokeOthers} className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" disabled={revokingOthers}>
            Sign out all other devices
          </Button>
          <ActionMessage state={others} testId="sessions-result" />
        </form>
      ) : null}
    </AccountSection>
  );
}
