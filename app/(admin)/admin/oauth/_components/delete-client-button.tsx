"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { deleteClient } from "../actions";

export function DeleteClientButton({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(deleteClient, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="clientId" value={clientId} />
      <Button type="submit" size="sm" variant="outline" disabled={pending}>
        Delete
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="text-destructive text-xs">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
