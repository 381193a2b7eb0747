"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError, FormField } from "@/components/auth/form-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { BackupCodes } from "./backup-codes";
import { TotpQrCode } from "./totp-qr-code";

type Step =
  | { kind: "idle" }
  | { kind: "scan"; totpURI: string; backupCodes: string[] }
  | { kind: "codes"; backupCodes: string[] };

type Failure = { code?: string; message?: string; status?: number } | null;

/** The secret as an app would take it typed in: base32, in groups of four. */
const manualKey = (uri: string) => (new URL(uri).searchParams.get("secret") ?? "").replace(/(.{4})/g, "$1 ").trim();

/**
 * Two-step verification with an authenticator app (TOTP) and one-time backup codes, for every
 * user. Turning it on asks for the password (when the account has one), shows the QR code and
 * the key, and only takes effect once a code from the app is accepted; the backup codes are
 * shown once. Self-contained, so it can sit on /account/security or among /account's sections.
 */
export function TwoFactorSection({
  enabled,
  required,
  hasPassword,
}: {
  enabled: boolean;
  /** The administration area needs it (ADMIN_REQUIRE_2FA) and this user is an admin. */
  required: boolean;
  hasPassword: boolean;
}) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<Failure>(null);
  const [pending, setPending] = useState(false);

  async function run<T>(call: () => Promise<{ data: T | null; error: Failure }>, then: (data: T) => void) {
    setPending(true);
    setError(null);
    const { data, error } = await call();
    setPending(false);
    if (error || !data) setError(error ?? { message: "That did not work." });
    else then(data);
  }
  const password = (form: FormData) => (hasPassword ? String(form.get("password") ?? "") : undefined);

  const passwordField = hasPassword ? (
    <FormField label="Your password" name="password" type="password" autoComplete="current-password" required />
  ) : null;

  return (
    <section
      id="two-factor"
      aria-labelledby="two-factor-title"
      className="scroll-mt-20 space-y-4 rounded-xl border p-4 sm:p-6"
    >
      <header className="space-y-1">
        <h2 id="two-factor-title" className="flex items-center gap-2 font-semibold text-lg">
          Two-step verification
          <Badge variant={enabled ? "success" : "secondary"} data-testid="two-factor-status">
            {enabled ? "on" : "off"}
          </Badge>
        </h2>
        <p className="text-muted-foreground text-sm">
          After your password, sign-in asks for a code from an authenticator app on your phone, so a stolen password
          alone is not enough.
        </p>
        {required && !enabled ? (
          <p role="alert" className="font-medium text-sm" data-testid="two-factor-required">
            Administrators must turn this on before they can use the administration area.
          </p>
        ) : null}
      </header>

      {step.kind === "scan" ? (
        <form
          aria-label="Confirm the authenticator app"
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
            void run(
              () => authClient.twoFactor.verifyTotp({ code }),
              () => {
                setStep({ kind: "codes", backupCodes: step.backupCodes });
                // It is on now: the status and the admin notice above follow at once.
                router.refresh();
              },
            );
          }}
        >
          <p className="text-sm">
            Scan this code with your authenticator app (or type the key in), then enter the six-digit code it shows.
          </p>
          <div className="flex flex-wrap items-start gap-4">
            <TotpQrCode uri={step.totpURI} />
            <div className="min-w-0 space-y-1 text-sm">
              <p className="text-muted-foreground">Key</p>
              <code className="break-words font-mono" data-testid="totp-key">
                {manualKey(step.totpURI)}
              </code>
              <a className="block text-primary hover:underline" href={step.totpURI} data-testid="totp-uri">
                Open in an authenticator app on this device
              </a>
            </div>
          </div>
          <FormField
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,8}"
            required
          />
          <FormError message={error ? authErrorMessage(error) : null} />
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              Turn on
            </Button>
            <Button type="button" variant="ghost" onClick={() => setStep({ kind: "idle" })}>
              Cancel
            </Button>
          </div>
        </form>
      ) : step.kind === "codes" ? (
        <div className="space-y-3">
          <p className="text-sm" data-testid="two-factor-result">
            Two-step verification is on. Keep these backup codes somewhere safe: each one signs you in once if you lose
            your phone. They are shown only now.
          </p>
          <BackupCodes codes={step.backupCodes} />
          <Button
            onClick={() => {
              setStep({ kind: "idle" });
              router.refresh();
            }}
          >
            I have saved them
          </Button>
        </div>
      ) : enabled ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <form
            aria-label="New backup codes"
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              void run(
                () => authClient.twoFactor.generateBackupCodes({ password: password(form) as string }),
                (data) => setStep({ kind: "codes", backupCodes: data.backupCodes }),
              );
            }}
          >
            <p className="text-sm">Used up or lost your backup codes? New ones replace them all.</p>
            {passwordField}
            <Button type="submit" variant="secondary" disabled={pending}>
              New backup codes
            </Button>
          </form>
          <form
            aria-label="Turn off two-step verification"
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              void run(
                () => authClient.twoFactor.disable({ password: password(form) }),
                () => router.refresh(),
              );
            }}
          >
            <p className="text-sm">
              {required ? "Without it you lose access to the administration area." : "You can turn it on again later."}
            </p>
            {passwordField}
            <Button type="submit" variant="outline" disabled={pending}>
              Turn off
            </Button>
          </form>
          <div className="sm:col-span-2">
            <FormError message={error ? authErrorMessage(error) : null} />
          </div>
        </div>
      ) : (
        <form
          aria-label="Turn on two-step verification"
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            void run(
              () => authClient.twoFactor.enable({ password: password(form) }),
              (data) => {
                const setup = data as { totpURI?: string; backupCodes?: string[] };
                if (setup.totpURI)
                  setStep({ kind: "scan", totpURI: setup.totpURI, backupCodes: setup.backupCodes ?? [] });
              },
            );
          }}
        >
          {passwordField}
          <FormError message={error ? authErrorMessage(error) : null} />
          <Button type="submit" disabled={pending}>
            Set up two-step verification
          </Button>
        </form>
      )}
    </section>
  );
}
