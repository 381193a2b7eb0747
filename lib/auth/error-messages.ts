/** Turns better-auth error responses into sentences a person can act on. */
export function authErrorMessage(
  error: { code?: string; message?: string; status?: number } | null | undefined,
): string {
  if (!error) return "Something went wrong. Please try again.";
  switch (error.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "Invalid email or password.";
    case "ACCOUNT_LOCKED":
    case "PASSWORD_POLICY":
      return error.message ?? "That did not work.";
    case "EMAIL_NOT_VERIFIED":
      return "Confirm your email address first: use the link we sent you, or send a new one below.";
    case "BANNED_USER":
      return "This account has been suspended. Contact your administrator.";
    case "INVALID_PASSWORD":
      return "Your current password is not right.";
    case "INVALID_TOKEN":
      return "This link is invalid or has expired. Request a new one.";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "Check your inbox: we sent you an email about this address.";
    case "PASSWORD_TOO_SHORT":
      return "The password is too short.";
    case "PASSWORD_TOO_LONG":
      return "The password is too long.";
    case "INVALID_EMAIL":
      return "Enter a valid email address.";
    case "INVALID_CODE":
      return "That code is not right. Check the time on your phone and enter the newest code.";
    case "INVALID_BACKUP_CODE":
      return "That backup code is not right, or it was already used.";
    case "INVALID_TWO_FACTOR_COOKIE":
    case "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE":
      return "That sign-in has expired. Enter your email and password again.";
    default:
      if (error.status === 429) return "Too many attempts from this device. Wait a minute and try again.";
      if (error.status === 503) return "The service is briefly unavailable. Please try again in a few seconds.";
      if (error.status && error.status >= 500) return "The server had a problem. Please try again in a moment.";
      return error.message ?? "Something went wrong. Please try again.";
  }
}
