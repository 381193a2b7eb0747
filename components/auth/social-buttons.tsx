"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";

const names: Record<string, string> = { google: "Google", github: "GitHub" };

/** Buttons only for the providers the server has credentials for. */
export function SocialButtons({ providers, callbackURL }: { providers: string[]; callbackURL: string }) {
  const [pending, setPending] = useState<string | null>(null);
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3 text-muted-foreground text-xs">
        <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
      </div>
      {providers.map((provider) => (
        <Button
          key={provider}
          type="button"
          variant="outline"
          className="w-full"
          disabled={pending !== null}
          onClick={async () => {
            setPending(provider);
            await authClient.signIn.social({ provider: provider as "google" | "github", callbackURL });
            setPending(null);
          }}
        >
          {pending === provider ? "Redirecting…" : `Continue with ${names[provider] ?? provider}`}
        </Button>
      ))}
    </div>
  );
}
