"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { deleteClient } from "../actions";

/**
 * Deleting a client signs its service's users out of it and cannot be undone, so it asks first
 * (one tap deleted it); the buttons name the client for screen readers, as every row has one.
 */
export function DeleteClientButton({ clientId, name }: { clientId: string; name: string }) {
  const [state, action, pending] = useActionState(deleteClient, null);
  const [confirming, setConfirming] = useState(false);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="clientId" value={clientId} />
      {confirming ? (
        <span className="inline-flex flex-wrap items-center justify-end gap-1.5">
          <span className="text-xs">Delete “{name}”? Its service can no longer sign users in.</span>
          <Button type="submit" size="sm" variant="destructive" disabled={pending}>
            Yes, delete
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </span>
      ) : (
        <Button
          type="button"
          size="sm"
          variant="outline"
          aria-label={`Delete ${name}`}
          onClick={() => setConfirming(true)}
        >
          Delete
        </Button>
      )}
      {state && !state.ok ? (
        <p role="alert" className="text-destructive text-xs">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
