import "server-only";
import { isAPIError } from "better-auth/api";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { AppError } from "@/lib/errors";

const byCode: Record<string, ConstructorParameters<typeof AppError>[0]> = {
  INVALID_PASSWORD: "account:wrong_password",
  FAILED_TO_UNLINK_LAST_ACCOUNT: "account:last_method",
  SESSION_NOT_FRESH: "account:not_fresh",
  SESSION_EXPIRED: "account:not_fresh",
  CREDENTIAL_ACCOUNT_NOT_FOUND: "account:no_password",
  PASSWORD_ALREADY_SET: "account:password_exists",
  ACCOUNT_NOT_FOUND: "account:not_found",
};

/**
 * Runs a better-auth server call and turns its refusals into AppErrors with sentences a
 * person can act on (the password policy's own message is kept; nothing else leaks).
 */
export async function viaAuth<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isAPIError(err)) throw err;
    const code = typeof err.body?.code === "string" ? err.body.code : undefined;
    const mapped = code ? byCode[code] : undefined;
    if (mapped) throw new AppError(mapped);
    throw new AppError(
      "account:rejected",
      authErrorMessage({ code, message: err.body?.message, status: err.statusCode }),
    );
  }
}
