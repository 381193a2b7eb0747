import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { type DbHandle, installDatabaseHandle } from "@/db/client";
import { seedFromDir } from "@/lib/content/seed";
import { expectLogged } from "../support/console";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("GET /api/health", () => {
  it("reports an empty retriever before the course is loaded, then ok", async () => {
    installDatabaseHandle(t);
    const empty = await (await GET()).json();
    expect(empty).toMatchObject({
      status: "ok",
      db: "ok",
      retriever: { kind: "postgres", status: "empty", chunks: 0 },
    });

    await seedFromDir({ db: t.db, dir: fixtureCourseDir });
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ok",
      db: "ok",
      retriever: { status: "ok" },
      model: { mode: "retrieval-only" },
    });
    expect(body.retriever.chunks).toBeGreaterThan(0);
  });

  it("answers 503 naming the database when it cannot be queried", async () => {
    expectLogged(/\[health\] database: connection refused/);
    const broken: DbHandle = {
      ...t,
      db: new Proxy(t.db, {
        get: (target, prop) =>
          prop === "execute" ? () => Promise.reject(new Error("connection refused")) : Reflect.get(target, prop),
      }),
    };
    installDatabaseHandle(broken);
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "down",
      db: "down",
      retriever: { status: "down" },
      down: ["db", "retriever"],
    });
    installDatabaseHandle(t);
  });
});
