"use client";

import { useActionState } from "react";
import { FormField } from "@/components/auth/form-field";
import { Button } from "@/components/ui/button";
import { type AccountState, changeEmailAction, renameAction } from "../actions";
import { AccountSection, ActionMessage } from "./account-section";

/** Name, and the email change that only happens once the new address confirms it. */
export function ProfileSection({
  name,
  email,
  emailVerified,
  emailChange,
}: {
  name: string;
  email: string;
  emailVerified: boolean;
  /** Back from the confirmation link of an email change: it worked, or better-auth refused it. */
  emailChange?: "done" | "failed";
}) {
  const [renamed, rename, renaming] = useActionState<AccountState, FormData>(renameAction, null);
  const [changed, change, changing] = useActionState<AccountState, FormData>(changeEmailAction, null);
  return (
    <AccountSection id="profile" title="Profile" description="How you appear to staff, and where we write to you.">
      <form action={rename} className="space-y-3" aria-label="Your name">
        <FormField label="Name" name="name" defaultValue={name} autoComplete="name" maxLength={100} required />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" disabled={renaming}>
            Save name
          </Button>
          <ActionMessage state={renamed} testId="rename-result" />
        </div>
      </form>
      <form action={change} className="space-y-3 border-t pt-4" aria-label="Change your email">
        <p className="text-sm">
          Your email is <strong data-testid="current-email">{email}</strong>
          {emailVerified ? "" : " (not confirmed yet)"}.
        </p>
        {emailChange === "done" ? (
          <p role="status" className="text-sm text-success" data-testid="email-changed">
            Your new email address is confirmed and is now the one you sign in with.
          </p>
        ) : null}
        {emailChange === "failed" ? (
          <p role="alert" className="text-destructive text-sm" data-testid="email-change-failed">
            That confirmation link did not work: it has expired, was already used, or belongs to another account. Your
            email is still {email}. Ask for a new link below.
          </p>
        ) : null}
        <FormField
          label="New email address"
          name="newEmail"
          type="email"
          autoComplete="email"
          maxLength={254}
          required
          hint="We send a link to the new address; nothing changes until you follow it. Your current address gets a notice."
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" disabled={changing || !emailVerified}>
            Change email
          </Button>
          <ActionMessage state={changed} testId="email-result" />
        </div>
      </form>
    </AccountSection>
  );
}
