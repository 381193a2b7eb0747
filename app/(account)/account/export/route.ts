import { getDb } from "@/db/client";
import { exportResponse } from "@/lib/account/export";
import { getRequestUser } from "@/lib/auth/session";
import { AppError, toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /account/export — the signed-in user's own data as one JSON download (audited). */
export async function GET(request: Request): Promise<Response> {
  try {
    const user = await getRequestUser(request);
    if (!user) throw new AppError("auth:unauthenticated");
    return await exportResponse({ db: await getDb(), user });
  } catch (err) {
    return toErrorResponse(err, { "Cache-Control": "no-store" });
  }
}
