"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** One-time backup codes, shown once: a list to copy or write down. */
export function BackupCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2">
      <ol
        aria-label="Backup codes"
        data-testid="backup-codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg border bg-muted/40 p-3 font-mono text-sm sm:grid-cols-3"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={async () => {
          await navigator.clipboard?.writeText(codes.join("\n")).catch(() => {});
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy codes"}
      </Button>
    </div>
  );
}
