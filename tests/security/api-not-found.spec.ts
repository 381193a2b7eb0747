import { expect, test } from "@playwright/test";

/**
 * An /api address no route answers was the HTML 404 page; a client reading JSON choked on it.
 * Against the production build, so Next's own routing decides which handler answers: the
 * catch-all (app/api/[...path]) must lose to every real route, auth's catch-all included.
 */
test("unknown /api addresses answer 404 in the house shape for every method; real routes still answer", async ({
  request,
}) => {
  for (const path of ["/api/nonexistent", "/api/admin/nope", "/api/lessons"]) {
    for (const method of ["GET", "POST", "DELETE", "PUT"] as const) {
      const res = await request.fetch(path, { method, headers: { origin: "http://127.0.0.1" } });
      expect(res.status(), `${method} ${path}`).toBe(404);
      expect(res.headers()["content-type"]).toContain("application/json");
      expect((await res.json()).error.code).toBe("http:not_found");
    }
  }
  expect((await request.get("/api/health")).status()).toBe(200);
  const session = await request.get("/api/auth/get-session");
  expect(session.status()).toBe(200);
  const chatkit = await request.post("/api/chatkit", { data: { type: "threads.list", params: {} } });
  expect(chatkit.status()).toBe(401);
});
