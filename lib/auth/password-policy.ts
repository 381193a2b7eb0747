import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * The password rules, shared by the server (enforced on every path that sets a password) and
 * the sign-up page (the live meter). Length is counted in Unicode code points, so any script
 * and emoji count as one character each and nothing is truncated.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/** zxcvbn score (0–4) a password must reach: 3 = "safely unguessable". */
export const MIN_STRENGTH = 3;

/**
 * zxcvbn and its dictionaries, loaded on the first password checked. Loading them decompresses
 * the word lists (~12 MiB of heap, ~0.35 s of CPU here): imported statically, every server
 * bundle that reaches the auth config paid that when it started, whether or not it ever
 * checked a password (tests/unit/password-policy.test.ts).
 */
let estimator: Promise<ZxcvbnFactory> | undefined;
function strength(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
    (err: unknown) => {
      estimator = undefined;
      throw err;
    },
  );
  return estimator;
}

export interface PasswordRule {
  id: "length" | "upper" | "lower" | "digit" | "special" | "max";
  label: string;
  ok: boolean;
}

export interface PasswordCheck {
  ok: boolean;
  rules: PasswordRule[];
  /** 0–4 from zxcvbn. */
  score: number;
  /** Why the password is rejected or weak, in words; empty when it passes. */
  problems: string[];
  suggestions: string[];
}

export const length = (password: string) => [...password].length;

/** Personal words zxcvbn should treat as guessable: the email's parts and the name's. */
function personalWords(context: { email?: string; name?: string }): string[] {
  const words = new Set<string>();
  const email = context.email?.toLowerCase().trim();
  if (email) {
    words.add(email);
    const [local, domain] = email.split("@");
    if (local) {
      words.add(local);
      for (const part of local.split(/[._+-]+/)) if (part.length >= 3) words.add(part);
    }
    if (domain) words.add(domain.split(".")[0] ?? domain);
  }
  const name = context.name?.toLowerCase().trim();
  if (name) {
    words.add(name.replace(/\s+/g, ""));
    for (const part of name.split(/\s+/)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * The rules that need no strength estimate: length, the kinds of character, and no name or
 * email inside. Microseconds, where the estimate below takes 10–30 ms of CPU: a caller that
 * only needs a yes/no can ask this first (see legacy-upgrade.ts).
 */
export function checkComposition(password: string, context: { email?: string; name?: string } = {}) {
  const n = length(password);
  const rules: PasswordRule[] = [
    { id: "length", label: `At least ${PASSWORD_MIN} characters`, ok: n >= PASSWORD_MIN },
    { id: "upper", label: "An upper-case letter", ok: /\p{Lu}/u.test(password) },
    { id: "lower", label: "A lower-case letter", ok: /\p{Ll}/u.test(password) },
    { id: "digit", label: "A digit", ok: /\p{Nd}/u.test(password) },
    { id: "special", label: "A symbol or punctuation mark", ok: /[^\p{L}\p{Nd}\s]/u.test(password) },
    { id: "max", label: `At most ${PASSWORD_MAX} characters`, ok: n <= PASSWORD_MAX },
  ];
  const words = personalWords(context);
  const lowered = password.toLowerCase();
  const containsPersonal = words.some((w) => w.length >= 4 && lowered.includes(w));
  const problems = rules.filter((rule) => !rule.ok).map((rule) => `Needs: ${rule.label.toLowerCase()}.`);
  if (containsPersonal) problems.push("Must not contain your name or email address.");
  return { ok: problems.length === 0, rules, words, containsPersonal, problems };
}

/** Every rule, the strength estimate included: what a new password must pass. */
export async function checkPassword(
  password: string,
  context: { email?: string; name?: string } = {},
): Promise<PasswordCheck> {
  const { rules, words, containsPersonal, problems } = checkComposition(password, context);
  // zxcvbn is slow on very long inputs and adds nothing there: cap what it sees.
  const result = (await strength()).check(password.slice(0, 100), words);
  if (result.score < MIN_STRENGTH) {
    problems.push(result.feedback.warning ? `Too easy to guess: ${result.feedback.warning}` : "Too easy to guess.");
  }
  return {
    ok: problems.length === 0,
    rules,
    score: containsPersonal ? Math.min(result.score, 1) : result.score,
    problems,
    suggestions: result.feedback.suggestions,
  };
}
