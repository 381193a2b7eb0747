"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type CreateClientState, createClient } from "../actions";

export function CreateClientForm() {
  const [state, action, pending] = useActionState<CreateClientState, FormData>(createClient, null);
  return (
    <form action={action} className="grid max-w-xl gap-2 rounded-lg border p-4" aria-label="Register a client">
      <h2 className="font-semibold">Register a client</h2>
      <Input name="name" placeholder="Name" aria-label="Client name" required />
      <Input name="redirectUri" placeholder="https://app.example.com/callback" aria-label="Redirect URI" required />
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="radio" name="type" value="web" defaultChecked /> Web (https)
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="type" value="native" /> Native / loopback
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="public" /> Public client (no secret, PKCE)
        </label>
      </div>
      <Button type="submit" disabled={pending} className="w-fit">
        Register
      </Button>
      <div aria-live="polite">
        {state?.ok ? (
          <div className="rounded-md bg-muted p-3 text-sm" data-testid="client-secret">
            <p>
              Client id: <code>{state.data.clientId}</code>
            </p>
            {state.data.clientSecret ? (
              <p>
                Client secret (shown once, copy it now): <code>{state.data.clientSecret}</code>
              </p>
            ) : null}
          </div>
        ) : state ? (
          <p role="alert" className="text-destructive text-sm">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
