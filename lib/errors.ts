/**
 * Every API error body is `{ error: { code: "area:reason", message } }` (DESIGN.md). Route
 * handlers throw or return these; `toErrorResponse` turns anything else into a logged 500
 * whose message leaks nothing.
 */
export class AppError extends Error {
  constructor(
    readonly code: `${string}:${string}`,
    message: string,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function errorResponse(
  code: string,
  message: string,
  status: number,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof AppError) return errorResponse(err.code, err.message, err.status, err.headers);
  console.error(err);
  return errorResponse("server:internal", "Something went wrong on our side.", 500);
}
