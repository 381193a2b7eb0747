import { describe, expect, it } from "vitest";
import { MAX_NAMED_STATEMENTS, nameStatements } from "@/db/named-statements";

/** A pool that records what reaches it; `fail` decides whether a call throws. */
function fakePool(fail: (config: { name?: string }) => Error | null = () => null) {
  const calls: { config: unknown; values: unknown; rest: unknown[] }[] = [];
  const pool = {
    query: (config: unknown, values?: unknown, ...rest: unknown[]) => {
      calls.push({ config, values, rest });
      const err = fail(config as { name?: string });
      return err ? Promise.reject(err) : Promise.resolve({ rows: [] });
    },
  };
  return { pool: nameStatements(pool), calls };
}
const nameOf = (call: { config: unknown } | undefined) => (call?.config as { name?: string } | undefined)?.name;

describe("nameStatements", () => {
  it("names a parameterised statement by its text: the same text the same name, another text another", async () => {
    const { pool, calls } = fakePool();
    await pool.query({ text: "select 1 where $1::int = 1", rowMode: "array" }, [1]);
    await pool.query({ text: "select 1 where $1::int = 1" }, [2]);
    await pool.query({ text: "select 2 where $1::int = 1" }, [1]);
    expect(nameOf(calls[0])).toMatch(/^s0_[0-9a-f]{20}$/);
    expect(nameOf(calls[1])).toBe(nameOf(calls[0]));
    expect(nameOf(calls[2])).not.toBe(nameOf(calls[0]));
    // The rest of the config reaches the driver as it was.
    expect(calls[0]?.config).toMatchObject({ text: "select 1 where $1::int = 1", rowMode: "array" });
    expect(calls[0]?.values).toEqual([1]);
  });

  it("leaves alone statements without parameters, callbacks, named statements and long texts", async () => {
    const { pool, calls } = fakePool();
    await pool.query({ text: "create table a (x int); create table b (y int)" }, []);
    await pool.query({ text: "select 1" });
    await pool.query("select $1::int", [1]);
    await pool.query({ text: "select $1::int", name: "mine" }, [1]);
    await pool.query({ text: `select $1::int -- ${"x".repeat(8_000)}` }, [1]);
    const callback = () => {};
    await pool.query({ text: "select $1::int" }, [1], callback);
    expect(calls.map(nameOf)).toEqual([undefined, undefined, undefined, "mine", undefined, undefined]);
    expect(calls.at(-1)?.rest).toEqual([callback]);
  });

  it(`names at most ${MAX_NAMED_STATEMENTS} texts; those keep their names, later ones run unnamed`, async () => {
    const { pool, calls } = fakePool();
    for (let i = 0; i <= MAX_NAMED_STATEMENTS; i++) await pool.query({ text: `select ${i} + $1::int` }, [1]);
    await pool.query({ text: "select 0 + $1::int" }, [1]);
    expect(calls.slice(0, MAX_NAMED_STATEMENTS).every((c) => nameOf(c))).toBe(true);
    expect(nameOf(calls[MAX_NAMED_STATEMENTS])).toBeUndefined();
    expect(nameOf(calls.at(-1))).toBe(nameOf(calls[0]));
  });

  it("runs a statement whose result types changed under it again unnamed, and renames every text after", async () => {
    const stale = Object.assign(new Error("cached plan must not change result type"), { code: "0A000" });
    let dead: string | undefined;
    const { pool, calls } = fakePool((config) => (config.name && config.name === dead ? stale : null));
    await pool.query({ text: "select v from t where id = $1" }, [1]);
    dead = nameOf(calls[0]);
    await expect(pool.query({ text: "select v from t where id = $1" }, [1])).resolves.toEqual({ rows: [] });
    expect(nameOf(calls[2])).toBeUndefined();
    await pool.query({ text: "select v from t where id = $1" }, [1]);
    expect(nameOf(calls[3])).toMatch(/^s1_/);
    // Any other error is the caller's.
    const other = fakePool(() => Object.assign(new Error("relation does not exist"), { code: "42P01" }));
    await expect(other.pool.query({ text: "select $1::int" }, [1])).rejects.toThrow(/does not exist/);
    expect(other.calls).toHaveLength(1);
  });
});
