import { APIError } from "better-auth/api";
import { roles } from "./roles";

type Body = Record<string, unknown> | undefined;

/** Ten years: the longest ban with an end; a ban without `banExpiresIn` never ends. */
const MAX_BAN_SECONDS = 10 * 365 * 24 * 60 * 60;

const isRole = (value: unknown) => typeof value === "string" && (roles as readonly string[]).includes(value);

/** Where each admin endpoint carries a role, if it does. */
const roleOf: Record<string, (body: NonNullable<Body>) => unknown> = {
  "/admin/set-role": (body) => body.role,
  "/admin/create-user": (body) => body.role,
  "/admin/update-user": (body) => (body.data as Record<string, unknown> | undefined)?.role,
};

/**
 * What the admin plugin's endpoints take on trust: a role must be one of ours, one string (it
 * joins an array into "admin,student", which the app then read as an admin), and a ban's
 * length a whole number of seconds, positive and at most ten years (1e300 threw in Date, a
 * negative one stored a ban that had already ended).
 */
export function assertAdminInput(path: string, body: Body): void {
  if (!body || typeof body !== "object") return;
  const roleIn = roleOf[path];
  // set-role must name one; create-user and update-user may leave it out.
  if (roleIn && (path === "/admin/set-role" || roleIn(body) !== undefined) && !isRole(roleIn(body))) {
    throw new APIError("BAD_REQUEST", {
      code: "INVALID_ROLE",
      message: `The role must be one of ${roles.join(", ")}.`,
    });
  }
  if (path === "/admin/ban-user" && body.banExpiresIn !== undefined && body.banExpiresIn !== null) {
    const seconds = body.banExpiresIn;
    if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_BAN_SECONDS) {
      throw new APIError("BAD_REQUEST", {
        code: "INVALID_BAN_EXPIRY",
        message: `banExpiresIn must be a whole number of seconds from 1 to ${MAX_BAN_SECONDS} (ten years), or left out for a ban without end.`,
      });
    }
  }
}
