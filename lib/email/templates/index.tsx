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
