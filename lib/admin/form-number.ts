import { z } from "zod";

/** The largest value of a Postgres `integer` column (ids of import runs, limits). */
export const MAX_INT4 = 2_147_483_647;

/**
 * A whole number as a form field carries it: decimal digits only (surrounding spaces allowed).
 * `z.coerce.number()` read " " as 0, "0x10" as 16 and "1e3" as 1000, and passed numbers beyond
 * Postgres' integer range on to the database, whose refusal was a server error.
 */
export function formInteger({
  min,
  max,
  blank,
  invalid,
  outOfRange = invalid,
}: {
  min: number;
  max: number;
  /** The message for a missing or blank field. */
  blank: string;
  /** The message for anything that is not digits. */
  invalid: string;
  /** The message for digits outside min…max. */
  outOfRange?: string;
}) {
  return z.preprocess(
    (value) => (value === undefined ? "" : value),
    z
      .string({ error: invalid })
      .trim()
      .min(1, blank)
      .regex(/^[0-9]+$/, invalid)
      .transform(Number)
      .pipe(z.number().int(outOfRange).min(min, outOfRange).max(max, outOfRange)),
  );
}
