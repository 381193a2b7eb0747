import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ConsentForm } from "@/components/auth/consent-form";
import { getAuth } from "@/lib/auth/instance";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Allow access" };

export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!params.client_id) {
    return (
      <AuthCard title="Nothing to approve">
        <p>This page is reached from another application asking to use your account.</p>
      </AuthCard>
    );
  }
  const scopes = (params.scope ?? "openid").split(" ").filter(Boolean);
  const auth = await getAuth();
  const client = await auth.api
    .getOAuthClientPublic({ query: { client_id: params.client_id }, headers: await headers() })
    .catch(() => null);
  return (
    <AuthCard title="Allow access?" description={`Signed in as ${user.email}`}>
      <ConsentForm
        clientName={client?.client_name ?? "An application"}
        clientUri={client?.client_uri}
        scopes={scopes}
      />
    </AuthCard>
  );
}
