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
      {/* Labels on screen, not placeholders that vanish as one types. */}
      <label className="grid gap-1 text-sm" htmlFor="client-name">
        Client name
        <Input id="client-name" name="name" placeholder="Grading service" required />
      </label>
      <label className="grid gap-1 text-sm" htmlFor="client-redirect">
        Redirect URI
        <Input id="client-redirect" name="redirectUri" placeholder="https://app.example.com/callback" required />
      </label>
      <fieldset className="flex flex-wrap items-center gap-4 text-sm">
        <legend className="mb-1 w-full">Kind of client</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="type" value="web" defaultChecked className="size-4" /> Web (https)
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="type" value="native" className="size-4" /> Native / loopback
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" name="public" className="size-4" /> Public client (no secret, PKCE)
        </label>
      </fieldset>
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
