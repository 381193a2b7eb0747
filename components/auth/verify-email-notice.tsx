import { MailWarning } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { ResendVerification } from "./resend-verification";

/** Shown instead of lessons and the tutor until the learner confirms their email. */
export function VerifyEmailNotice({ email, compact = false }: { email: string; compact?: boolean }) {
  return (
    <Alert data-testid="verify-email-notice">
      <MailWarning aria-hidden />
      <AlertTitle>Confirm your email to open lessons and the tutor</AlertTitle>
      <AlertDescription>
        <p>
          We sent a confirmation link to <strong>{email}</strong>.{" "}
          {compact ? "You can look around the course meanwhile." : "Open it, then come back to this page."}
        </p>
        <ResendVerification email={email} />
      </AlertDescription>
    </Alert>
  );
}
