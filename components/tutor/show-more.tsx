"use client";

import { Loader2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A "load the next page" button that says it is loading and cannot be pressed twice meanwhile. */
export function ShowMore({ label, onClick }: { label: string; onClick: () => Promise<void> }) {
  const [loading, setLoading] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className="mb-2 w-full text-muted-foreground"
      disabled={loading}
      aria-busy={loading}
      onClick={async () => {
        setLoading(true);
        try {
          await onClick();
        } finally {
          setLoading(false);
        }
      }}
    >
      {loading ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {label}
    </Button>
  );
}
