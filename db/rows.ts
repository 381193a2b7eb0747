/** The rows of a raw `db.execute(sql)` result (every driver here answers `{ rows }`). */
export const rowsOf = <T = Record<string, unknown>>(result: unknown): T[] => (result as { rows: T[] }).rows;
