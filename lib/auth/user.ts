import { type Role, roles } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: boolean;
  image?: string | null;
  /** Two-step verification (TOTP) is on for this account. */
  twoFactorEnabled: boolean;
  /** A legacy password that fails today's policy signed in: pages send them to /new-password. */
  passwordChangeRequired?: boolean;
}

/** The admin plugin stores roles as a comma-separated string; the first known one wins. */
export function toRole(value: unknown): Role {
  const found = String(value ?? "")
    .split(",")
    .map((r) => r.trim())
    .find((r): r is Role => (roles as readonly string[]).includes(r));
  return found ?? "student";
}

export function toSessionUser(user: Record<string, unknown>): SessionUser {
  return {
    id: String(user.id),
    name: String(user.name ?? ""),
    email: String(user.email ?? ""),
    role: toRole(user.role),
    emailVerified: Boolean(user.emailVerified),
    image: (user.image as string | null | undefined) ?? null,
    twoFactorEnabled: Boolean(user.twoFactorEnabled),
    passwordChangeRequired: Boolean(user.passwordChangeRequired),
  };
}
