import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { configuredProviders } from "@/lib/auth/providers";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your account"
      description="Start the robotics course. We will email you a link to confirm your address."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="text-primary underline underline-offset-2">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm providers={configuredProviders()} />
    </AuthCard>
  );
}
