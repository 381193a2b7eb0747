import { render } from "@react-email/components";
import type { Email } from "../send";
import { ActionEmail } from "./action-email";

async function build(to: string, subject: string, props: Parameters<typeof ActionEmail>[0]): Promise<Email> {
  const element = <ActionEmail {...props} />;
  const [html, rendered] = await Promise.all([render(element), render(element, { plainText: true })]);
  // The text part must carry the link in full even if the renderer wraps or shortens it.
  const text = rendered.includes(props.url) ? rendered : `${rendered}\n\n${props.url}\n`;
  return { to, subject, html, text };
}

export function verificationEmail({ to, name, url }: { to: string; name: string; url: string }) {
  return build(to, "Confirm your email for IntelliStack Tutor", {
    preview: "Confirm your email to start learning",
    heading: `Welcome, ${name}`,
    intro: "Confirm your email address to open your lessons and the AI tutor. The link works for 24 hours.",
    action: "Confirm email",
    url,
    footer: "If you did not create an account, you can ignore this email.",
  });
}

export function resetPasswordEmail({ to, url }: { to: string; url: string }) {
  return build(to, "Reset your IntelliStack Tutor password", {
    preview: "A link to choose a new password",
    heading: "Reset your password",
    intro: "Someone asked to reset the password for this account. The link works once, for one hour.",
    action: "Choose a new password",
    url,
    footer: "If this was not you, ignore this email: your password stays as it is.",
  });
}

export function existingAccountEmail({ to, url }: { to: string; url: string }) {
  return build(to, "Someone tried to sign up with your email", {
    preview: "You already have an account",
    heading: "You already have an account",
    intro: "Someone tried to create an IntelliStack Tutor account with this email. If it was you, sign in instead.",
    action: "Sign in",
    url,
    footer: "If this was not you, no action is needed; nobody got access to your account.",
  });
}

export function emailChangeEmail({ to, url }: { to: string; url: string }) {
  return build(to, "Confirm your new email for IntelliStack Tutor", {
    preview: "Confirm this address to finish changing your sign-in email",
    heading: "Confirm your new email address",
    intro:
      "You asked to use this address to sign in to IntelliStack Tutor. Your account keeps its old address until you confirm. The link works for 24 hours.",
    action: "Confirm new email",
    url,
    footer: "If you did not ask for this, ignore this email: nothing changes.",
  });
}

export function emailChangedNotice({ to, newEmail, url }: { to: string; newEmail: string; url: string }) {
  return build(to, "Your IntelliStack Tutor email address was changed", {
    preview: `Your account now signs in with ${newEmail}`,
    heading: "Your sign-in email was changed",
    intro: `Your IntelliStack Tutor account now uses ${newEmail}. Emails about your account go there from now on, and this address can no longer sign in.`,
    action: "Open IntelliStack Tutor",
    url,
    footer:
      "If you made this change, there is nothing to do. If you did not, someone else may control your account: tell your administrator at once, so they can sign it out everywhere and restore your address.",
  });
}
