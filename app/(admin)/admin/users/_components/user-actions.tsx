"use client";

import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { roles } from "@/lib/auth/roles";
import { type UserActionState, userAction } from "../actions";

/** Actions that take effect at once for someone else ask once more before they go. */
type Drastic = "ban" | "revoke-sessions";

/** Role select and the per-user buttons; the result is announced in words. */
export function UserActions({
  userId,
  email,
  role,
  locked,
  banned,
  verified,
}: {
  userId: string;
  email: string;
  role: string;
  locked: boolean;
  banned: boolean;
  verified: boolean;
}) {
  const [state, action, pending] = useActionState<UserActionState, FormData>(userAction, null);
  const [confirming, setConfirming] = useState<Drastic | null>(null);
  // A result (done or refused) ends the question.
  useEffect(() => {
    if (state) setConfirming(null);
  }, [state]);
  const button = (name: string, label: string) => (
    <Button type="submit" name="action" value={name} size="sm" variant="outline" disabled={pending}>
      {label}
    </Button>
  );
  const drastic = (name: Drastic, label: string, question: string) =>
    confirming === name ? (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <span className="text-xs">{question}</span>
        <Button type="submit" name="action" value={name} size="sm" variant="destructive" disabled={pending}>
          Yes, {label.toLowerCase()}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setConfirming(null)}>
          Cancel
        </Button>
      </span>
    ) : (
      <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => setConfirming(name)}>
        {label}
      </Button>
    );
  return (
    <form action={action} className="flex flex-wrap items-center gap-1.5" aria-label={`Actions for ${email}`}>
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        className="h-8 rounded-md border bg-background px-2 text-sm"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {button("set-role", "Set role")}
      {locked ? button("unlock", "Unlock") : null}
      {banned ? button("unban", "Unban") : drastic("ban", "Ban", `Ban ${email}? They are signed out at once.`)}
      {drastic("revoke-sessions", "Sign out everywhere", `Sign ${email} out on every device?`)}
      {verified ? null : button("resend-verification", "Resend confirmation")}
      <span
        aria-live="polite"
        className={`text-xs ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
        data-testid="user-action-result"
      >
        {state?.message}
      </span>
    </form>
  );
}
