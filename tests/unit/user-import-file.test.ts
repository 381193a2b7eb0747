import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvLine, parseCsv } from "@/lib/migration/csv";
import { validateRow } from "@/lib/migration/format";
import { ImportFileError, parseUserFile } from "@/lib/migration/parse";

const bytes = (text: string) => new TextEncoder().encode(text);
const HASH = "$2b$04$whav4YdWxSSQuWpWK4m4Pe9FZsGPkvV.5s3gHsVdBTliesZ9sXnEK";
const HEADER = "id,email,name,email_verified,password_hash,role,created_at,accounts,image";

const good = {
  id: "42",
  email: "Ann@Example.com",
  name: "Ann",
  email_verified: true,
  password_hash: HASH,
  role: "student",
  created_at: "2020-05-06T07:08:09.123Z",
  accounts: [{ provider: "google", id: "1234567890" }],
};

describe("CSV", () => {
  it("reads quoted commas, doubled quotes and line breaks inside quotes, with LF or CRLF, keeping each record's line", () => {
    const text = `a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\n\r\nlast,one`;
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ["a", "b"]],
      [2, ["x, y", 'say "hi"']],
      [3, ["two\nlines", "z"]],
      [6, ["last", "one"]],
    ]);
  });

  it("reports an unclosed quote and stray quotes by line", () => {
    expect(parseCsv('a,b\n"open,b\nc,d').problems).toEqual([
      { line: 2, message: expect.stringContaining("never closed") },
    ]);
    expect(parseCsv('a,b\nab"c,d\n"x"y,z').problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it("writes what it reads", () => {
    const fields = ["plain", "with, comma", 'with "quote"', "two\nlines", "", " spaced "];
    expect(parseCsv(csvLine(fields)).records[0]?.fields).toEqual(fields);
  });
});

describe("reading an export file", () => {
  it("tells JSON Lines from CSV, ignores a byte-order mark and blank lines", () => {
    const jsonl = parseUserFile(bytes(`\uFEFF${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: "43" })}\n`));
    expect(jsonl).toMatchObject({ format: "jsonl", bom: true, problems: [] });
    expect(jsonl.rows.map((r) => r.line)).toEqual([1, 3]);
    const csv = parseUserFile(
      bytes(`${HEADER}\r\n42,ann@example.com,"Doe, Ann",true,${HASH},student,2020-05-06,,\r\n`),
    );
    expect(csv.format).toBe("csv");
    expect(csv.rows[0]).toEqual({
      line: 2,
      fields: {
        id: "42",
        email: "ann@example.com",
        name: "Doe, Ann",
        email_verified: "true",
        password_hash: HASH,
        role: "student",
        created_at: "2020-05-06",
        accounts: "",
      },
    });
  });

  it("reports truncated JSON, non-objects, wrong field counts and bad bytes with their line numbers", () => {
    const text = [JSON.stringify(good), '{"id":"2","email":"b@x.org","na', "[1,2]", "not json"].join("\n");
    expect(parseUserFile(bytes(text)).problems).toEqual([
      { code: "json", line: 2, message: "the object is cut off (truncated JSON)" },
      { code: "json", line: 3, message: "each line must be one JSON object" },
      { code: "json", line: 4, message: "not valid JSON" },
    ]);
    const csv = parseUserFile(bytes(`${HEADER}\n1,a@x.org,Doe, Ann,true,,student,2020-01-01,,\n`));
    expect(csv.problems).toEqual([
      { code: "csv", line: 2, message: expect.stringContaining("10 fields where the header has 9") },
    ]);
    const latin1 = new Uint8Array([...bytes(`${JSON.stringify(good)}\n{"name":"Ren`), 0xe9, ...bytes('"}\n')]);
    expect(parseUserFile(latin1).problems).toEqual([
      { code: "encoding", line: 2, message: expect.stringContaining("UTF-8") },
    ]);
  });

  it("reads a CSV header however the exporter quoted, spaced or capitalised it", () => {
    const row = `42,ann@example.com,Ann,true,${HASH},student,2020-05-06,,`;
    const headers = [
      HEADER.split(",")
        .map((h) => `"${h}"`)
        .join(","),
      HEADER.split(",").join(", "),
      "ID,Email,Name,Email_Verified,Password_Hash,Role,Created_At,Accounts,Image",
    ];
    for (const header of headers) {
      const parsed = parseUserFile(bytes(`${header}\r\n${row}\r\n`));
      expect(parsed, header).toMatchObject({ format: "csv", problems: [] });
      expect(parsed.rows[0]?.fields, header).toMatchObject({ id: "42", email: "ann@example.com", role: "student" });
    }
    expect(() => parseUserFile(bytes(`${HEADER.replaceAll(",", ";")}\n${row.replaceAll(",", ";")}\n`))).toThrow(
      /separated by semicolons.*the separator must be a comma/,
    );
  });

  it("stops with one sentence for files that are not an export at all", () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /not a text file/],
      [new Uint8Array([0xff, 0xfe, 0x7b, 0]), /UTF-16/],
      [bytes("   \n\n"), /empty/],
      [bytes("lorem ipsum dolor sit amet\nconsectetur"), /not a user export.*starts with "lorem ipsum/],
      [bytes("id,email,name,password\n1,a@x.org,A,secret"), /unknown CSV column "password"/],
      [bytes("id,email,name\n1,a@x.org,A"), /lacks email_verified, password_hash, role, created_at, accounts/],
    ];
    for (const [input, message] of cases) {
      let thrown: unknown;
      try {
        parseUserFile(input);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ImportFileError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain("\n");
    }
  });
});

describe("checking a row", () => {
  it("normalises a good row (email lower-cased, dates to UTC)", () => {
    const { user, problems } = validateRow(7, good);
    expect(problems).toEqual([]);
    expect(user).toMatchObject({
      line: 7,
      id: "42",
      email: "ann@example.com",
      emailVerified: true,
      role: "student",
      accounts: [{ provider: "google", id: "1234567890" }],
      image: null,
    });
    expect(user?.createdAt.toISOString()).toBe("2020-05-06T07:08:09.123Z");
    const csvStyle = validateRow(8, {
      ...good,
      email_verified: "false",
      accounts: "github:77;google:abc_D-1",
      created_at: "2020-05-06 09:08:09+02:00",
      password_hash: "",
    });
    expect(csvStyle.user).toMatchObject({
      emailVerified: false,
      passwordHash: null,
      accounts: [
        { provider: "github", id: "77" },
        { provider: "google", id: "abc_D-1" },
      ],
    });
    expect(csvStyle.user?.createdAt.toISOString()).toBe("2020-05-06T07:08:09.000Z");
  });

  it("names every problem of a row at once", () => {
    const { user, problems } = validateRow(3, {
      id: "has space",
      email: "not-an-email",
      name: "x".repeat(101),
      email_verified: "maybe",
      password_hash: "$1$md5crypt$abc",
      role: "superuser",
      created_at: "2023-02-30",
      accounts: "myspace:1;github:abc",
      image: "javascript:alert(1)",
      extra: 1,
    });
    expect(user).toBeNull();
    expect(problems.map((p) => p.code).sort()).toEqual(
      [
        "field_unknown",
        "id_invalid",
        "email_invalid",
        "name_invalid",
        "email_verified_invalid",
        "hash_malformed",
        "role_unknown",
        "date_invalid",
        "provider_unknown",
        "account_invalid",
        "image_invalid",
      ].sort(),
    );
    expect(problems.every((p) => p.line === 3)).toBe(true);
    expect(validateRow(4, { email: "a@b.org" }).problems.filter((p) => p.code === "field_missing")).toHaveLength(7);
  });

  it("accepts this app's own hashes (a users:export backup) and rejects dates out of range", () => {
    const own = `${"a".repeat(32)}:${"b".repeat(128)}`;
    expect(validateRow(1, { ...good, password_hash: own }).user?.passwordHash).toBe(own);
    for (const created_at of ["1969-12-31T23:59:59Z", "2999-01-01", "yesterday", "2021-13-01", "2021-04-31"]) {
      expect(
        validateRow(1, { ...good, created_at }).problems.map((p) => p.code),
        created_at,
      ).toEqual(["date_invalid"]);
    }
  });
});

describe("checking a row of unexpected JSON", () => {
  it("reports an account without a provider key (better-auth's own field names) instead of throwing", () => {
    const { user, problems } = validateRow(5, { ...good, accounts: [{ providerId: "google", accountId: "1" }] });
    expect(user).toBeNull();
    expect(problems).toEqual([
      { code: "provider_unknown", line: 5, message: "provider missing (use google or github)" },
    ]);
    expect(validateRow(6, { ...good, accounts: [["google", "1"]] }).problems).toEqual([
      { code: "provider_unknown", line: 6, message: 'provider ["google","1"] (use google or github)' },
    ]);
  });

  it("turns any JSON value in any field, or in an account entry, into a reported problem, never an exception", () => {
    const odd: unknown[] = [null, 0, -1.5, 1e300, true, false, "", [], [null], ["x"], {}, { a: 1 }, "x".repeat(300)];
    const accountEntries = odd.flatMap((v) => [v, { provider: v }, { provider: "github", id: v }, { id: v }]);
    for (const column of [...Object.keys(good), "image", "unexpected"]) {
      for (const value of column === "accounts" ? [...odd, ...accountEntries.map((e) => [e])] : odd) {
        const line = JSON.stringify({ ...good, [column]: value });
        const parsed = parseUserFile(bytes(line));
        expect(parsed.problems).toEqual([]);
        const { problems } = validateRow(1, parsed.rows[0]?.fields ?? {});
        for (const p of problems) expect(p.message, `${column}: ${line}`).not.toMatch(/undefined|^$/);
      }
    }
  });
  it("refuses ids given as JSON numbers that JSON cannot hold exactly, asking for a string", () => {
    // JSON.parse rounds these: 12345678901234567890 arrives as 12345678901234567000.
    const row = (fields: string) => parseUserFile(bytes(`{${fields}}`)).rows[0]?.fields ?? {};
    const base = JSON.stringify({ ...good, id: undefined, accounts: undefined }).slice(1, -1);
    const big = validateRow(1, row(`${base},"id":12345678901234567890,"accounts":[]`));
    expect(big.user).toBeNull();
    expect(big.problems).toEqual([
      { code: "id_invalid", line: 1, message: expect.stringMatching(/write the id as a string/) },
    ]);
    expect(validateRow(1, row(`${base},"id":1.5,"accounts":[]`)).problems.map((p) => p.code)).toEqual(["id_invalid"]);
    const sub = validateRow(2, row(`${base},"id":"42","accounts":[{"provider":"google","id":108234567890123456789}]`));
    expect(sub.user).toBeNull();
    expect(sub.problems).toEqual([
      { code: "account_invalid", line: 2, message: expect.stringMatching(/write the id as a string/) },
    ]);
    // Numbers JSON holds exactly are still taken as they are.
    const small = validateRow(3, row(`${base},"id":9007199254740991,"accounts":[{"provider":"github","id":583231}]`));
    expect(small.user).toMatchObject({ id: "9007199254740991", accounts: [{ provider: "github", id: "583231" }] });
  });
});

describe("docs/migration.md", () => {
  it("shows examples that import cleanly, as JSON Lines and as CSV", () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, "../../docs/migration.md"), "utf8");
    const fence = "```";
    for (const lang of ["json", "csv"]) {
      const block = doc.split(`${fence}${lang}\n`)[1]?.split(fence)[0];
      expect(block, lang).toBeDefined();
      const parsed = parseUserFile(bytes(block as string));
      expect(parsed.problems).toEqual([]);
      const users = parsed.rows.map((r) => validateRow(r.line, r.fields));
      expect(users.flatMap((u) => u.problems)).toEqual([]);
      expect(users.map((u) => u.user?.email)).toEqual(["ada@example.org", "grace@example.org"]);
    }
  });
});
