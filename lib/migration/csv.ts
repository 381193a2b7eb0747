/**
 * RFC 4180 CSV, as spreadsheets and most exporters write it: comma-separated, fields with a
 * comma, quote or line break quoted with `"`, quotes doubled inside. Records may end in LF or
 * CRLF. Every record keeps the line it starts on, so problems can be reported by line even
 * when a quoted field spans several lines.
 */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  /** 1-based line the record ends on (differs when a quoted field holds line breaks). */
  endLine: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvParse {
  records: CsvRecord[];
  problems: CsvProblem[];
}

export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let bad: string | null = null;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      if (i >= n) {
        if (quoted) bad = 'a quoted field is never closed (a missing " before the end of the file)';
        fields.push(field);
        break;
      }
      const c = text[i] as string;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
            const next = text[i];
            if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
              bad ??= "text after a closing quote (a quote inside a field must be doubled)";
            }
          }
        } else {
          if (c === "\n") line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"') {
        if (field === "") quoted = true;
        else bad ??= "a quote inside an unquoted field (quote the whole field and double the quote)";
        i++;
      } else if (c === ",") {
        fields.push(field);
        field = "";
        i++;
      } else if (c === "\r" && text[i + 1] === "\n") {
        fields.push(field);
        i += 2;
        break;
      } else if (c === "\n") {
        fields.push(field);
        i++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    const endLine = line;
    line++;
    if (fields.length === 1 && fields[0] === "" && !bad) continue; // blank line
    if (bad) {
      problems.push({ line: start, message: bad });
      continue;
    }
    records.push({ line: start, endLine, fields });
  }
  return { records, problems };
}

const needsQuotes = /[",\r\n]/;

function quote(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record with its line break. */
export function csvLine(fields: string[]): string {
  return `${fields.map(quote).join(",")}\n`;
}
