"use client";

import { Check, X } from "lucide-react";
import { useEffect, useState } from "react";
import type { PasswordCheck } from "@/lib/auth/password-policy";
import { cn } from "@/lib/utils";

const labels = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const colors = ["bg-destructive", "bg-destructive", "bg-amber-500", "bg-success", "bg-success"];

/**
 * Live feedback while typing a new password: the rules and a strength bar from the same
 * checker the server enforces (loaded on first use; its dictionaries are large).
 */
export function PasswordMeter({ password, email, name }: { password: string; email?: string; name?: string }) {
  const [check, setCheck] = useState<PasswordCheck | null>(null);
  useEffect(() => {
    let cancelled = false;
    import("@/lib/auth/password-policy")
      .then(({ checkPassword }) => checkPassword(password, { email, name }))
      .then((result) => {
        if (!cancelled) setCheck(result);
      });
    return () => {
      cancelled = true;
    };
  }, [password, email, name]);

  const score = check?.score ?? 0;
  return (
    <div className="space-y-2" data-testid="password-meter">
      <div className="flex items-center gap-3">
        <div className="flex h-1.5 flex-1 gap-1" aria-hidden>
          {[0, 1, 2, 3].map((i) => (
            <span
              key={i}
              className={cn("flex-1 rounded-full", check && i < Math.max(score, 1) ? colors[score] : "bg-muted")}
            />
          ))}
        </div>
        <span className="w-20 text-right text-muted-foreground text-xs" aria-live="polite">
          {check ? labels[score] : ""}
        </span>
      </div>
      <ul className="grid grid-cols-1 gap-1 text-xs sm:grid-cols-2">
        {(check?.rules ?? [])
          .filter((r) => r.id !== "max" || !r.ok)
          .map((rule) => (
            <li
              key={rule.id}
              className={cn("flex items-center gap-1.5", rule.ok ? "text-success" : "text-muted-foreground")}
            >
              {rule.ok ? <Check className="size-3.5" aria-hidden /> : <X className="size-3.5" aria-hidden />}
              <span>
                {rule.label}
                <span className="sr-only">{rule.ok ? " (met)" : " (not met)"}</span>
              </span>
            </li>
          ))}
      </ul>
      {check && !check.ok && check.rules.every((r) => r.ok) ? (
        <p className="text-muted-foreground text-xs">{check.problems.join(" ")}</p>
      ) : null}
    </div>
  );
}

export const passwordRulesHint =
  "At least 12 characters with upper- and lower-case letters, a digit and a symbol; not easy to guess.";
