import { parseCsv } from "./csv";
import { COLUMNS, type Column, OPTIONAL_COLUMNS, type Problem } from "./format";

/**
 * Bytes → rows with their line numbers. A file that is not a user export at all (binary,
 * UTF-16, neither JSON Lines nor CSV with a header) stops here with one sentence
 * (`ImportFileError`); problems confined to some lines become per-line problems and the other
 * lines are still checked, so one pass reports everything.
 */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

export type FileFormat = "jsonl" | "csv";

export interface RawRow {
  line: number;
  fields: Record<string, unknown>;
}

export interface ParsedFile {
  format: FileFormat;
  rows: RawRow[];
  problems: Problem[];
  /** The file started with a UTF-8 byte-order mark (ignored). */
  bom: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

/** 1-based numbers of the lines that are not valid UTF-8. */
function invalidUtf8Lines(bytes: Uint8Array): Set<number> {
  const bad = new Set<number>();
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        bad.add(line);
      }
      start = i + 1;
      line++;
    }
  }
  return bad;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]?.replace(/\r$/, "") ?? "";
  const printable = line.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

/** Header names as exporters write them (` Email`, `ID`) → the format's column names. */
const columnNames = (fields: string[]) => fields.map((h) => h.trim().toLowerCase());

export function parseUserFile(input: Uint8Array): ParsedFile {
  let bytes = input;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError("the file is UTF-16; export it as UTF-8 (JSON Lines or CSV)");
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) bytes = bytes.subarray(3);
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new ImportFileError("not a text file (it contains NUL bytes): expected JSON Lines or CSV");
  }
  const badLines = invalidUtf8Lines(bytes);
  const text = lenient.decode(bytes);
  if (text.trim() === "") throw new ImportFileError("the file is empty");

  const start = text.trimStart();
  if (start.startsWith("{")) return parseJsonLines(text, badLines, bom);
  const firstRecord = start.split("\n", 1)[0] ?? "";
  const header = columnNames(parseCsv(firstRecord).records[0]?.fields ?? []);
  if (header.includes("email") && header.includes("id")) return parseCsvFile(text, badLines, bom);
  for (const [separator, name] of [
    [";", "semicolons"],
    ["\t", "tabs"],
  ] as const) {
    const names = columnNames(firstRecord.split(separator).map((f) => f.trim().replace(/^"(.*)"$/, "$1")));
    if (names.includes("email") && names.includes("id")) {
      throw new ImportFileError(
        `the CSV file is separated by ${name}; the separator must be a comma (save or export it again as comma-separated CSV)`,
      );
    }
  }
  throw new ImportFileError(
    `not a user export: expected JSON Lines (one {"id","email",…} object per line) or CSV with the header ${COLUMNS.join(",")}; the file starts with "${firstLine(start)}"`,
  );
}

function encodingProblem(line: number): Problem {
  return { code: "encoding", line, message: "bytes that are not UTF-8 (save the export as UTF-8)" };
}

function parseJsonLines(text: string, badLines: Set<number>, bom: boolean): ParsedFile {
  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, "");
    if (content.trim() === "") return;
    if (badLines.has(line)) {
      problems.push(encodingProblem(line));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      const truncated = content.trimStart().startsWith("{") && !content.trimEnd().endsWith("}");
      problems.push({
        code: "json",
        line,
        message: truncated ? "the object is cut off (truncated JSON)" : "not valid JSON",
      });
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push({ code: "json", line, message: "each line must be one JSON object" });
      return;
    }
    rows.push({ line, fields: value as Record<string, unknown> });
  });
  return { format: "jsonl", rows, problems, bom };
}

function parseCsvFile(text: string, badLines: Set<number>, bom: boolean): ParsedFile {
  const { records, problems: csvProblems } = parseCsv(text);
  const problems: Problem[] = csvProblems.map((p) => ({ code: "csv", line: p.line, message: p.message }));
  const [headerRecord, ...body] = records;
  if (!headerRecord) throw new ImportFileError("the CSV file has no header row");
  const header = columnNames(headerRecord.fields);
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) {
    throw new ImportFileError(
      `unknown CSV column ${unknown.map((u) => `"${u}"`).join(", ")}; the columns are ${COLUMNS.join(",")}`,
    );
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) throw new ImportFileError(`the CSV header repeats ${repeated.join(", ")}`);
  const missing = COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !header.includes(c));
  if (missing.length > 0) throw new ImportFileError(`the CSV header lacks ${missing.join(", ")}`);

  const rows: RawRow[] = [];
  for (const record of body) {
    let spansBadLine = false;
    for (let l = record.line; l <= record.endLine; l++) if (badLines.has(l)) spansBadLine = true;
    if (spansBadLine) {
      problems.push(encodingProblem(record.line));
      continue;
    }
    if (record.fields.length !== header.length) {
      problems.push({
        code: "csv",
        line: record.line,
        message: `${record.fields.length} fields where the header has ${header.length} (quote fields that contain commas)`,
      });
      continue;
    }
    const fields: Record<string, unknown> = {};
    header.forEach((column, i) => {
      const value = record.fields[i] as string;
      // An empty optional column is the same as an absent one.
      if (!(OPTIONAL_COLUMNS.includes(column as Column) && value === "")) fields[column] = value;
    });
    rows.push({ line: record.line, fields });
  }
  // Header problems (a bad first record) come before any row's.
  problems.sort((a, b) => a.line - b.line);
  return { format: "csv", rows, problems, bom };
}
