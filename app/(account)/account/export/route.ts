import { getDb } from "@/db/client";
import { exportResponse } from "@/lib/account/export";
import { apiRoute } from "@/lib/api/api-route";
import { getRequestUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /account/export — the signed-in user's own data as one JSON download (audited). */
export const GET = apiRoute(async (request: Request) => {
  const user = await getRequestUser(request);
  if (!user) throw new AppError("auth:unauthenticated");
  return exportResponse({ db: await getDb(), user });
});
