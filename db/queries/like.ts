/**
 * A LIKE pattern matching `text` anywhere, with the text taken literally: `%`, `_` and the
 * escape character itself are escaped (Postgres's default LIKE escape is the backslash), so
 * searching for "a_b" does not also find "axb" and "%" does not match everything.
 */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
