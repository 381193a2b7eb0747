import { stem as porter2 } from "porter2";

/**
 * How text becomes search terms, the same for lessons and for learners' questions: lowercase,
 * accents and TeX commands stripped, stop words dropped, Porter2 stems (Postgres' English
 * stemmer) with fixes for stems that merge unrelated words, and British spelling.
 */

// Postgres' English stop words, minus the directions that carry meaning in robotics
// ("elbow up", "above the line", "turn left").
const STOP = new Set(
  `a about after again against all am an and any are as at be because been being both but by can could
  did do does doing don each few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just me more most my myself no nor not now of once only or other
  our ours ourselves own s same she should so some such t than that the their theirs them themselves then
  there these they this those through to too until very was we were what when where which while who whom
  why will with would you your yours yourself yourselves`.split(/\s+/),
);

/**
 * Counting words, dropped like the digits they stand for (one character: not a content word). In
 * "the angle between two vectors" the count says nothing about the topic, yet "two frames" in
 * another passage's heading outranked the one about angles. "zero" stays (zero velocity).
 */
const COUNTS = new Set("one two three four five six seven eight nine ten".split(" "));

/** Words of a question that say how it is asked, not what about ("how does X work", "explain"). */
const QUESTION_WORDS = new Set(
  `whats what's hows why's im ive id dont doesnt didnt cant cannot isnt arent wont wouldnt shouldnt
  explain explained explanation please help understand understanding confused confusing actually really
  exactly basically simply simple plain english words thing things stuff someone anyone
  somebody lesson lessons course question questions tell know get gets getting got make makes making
  use uses using used need needs want wanna trying try like just also still even much many lot lots
  bit quite super way ways work works working worked figure find happen happens happening going go
  goes difference differences vs versus between anyway ok okay thanks always stand`.split(/\s+/),
);

/**
 * Words of a question that are not about the course's topics either, dropped from questions only
 * (never from the lessons, whose index they would change): chat filler ("wtf is gimbal lock lol"),
 * the function and question words of the other languages learners mix in ("c'est quoi le gimbal
 * lock", "was ist die Jacobi-Matrix"), and the operators of a formula typed in words ("R transpose
 * times R equals identity"), which otherwise match prose such as "inverse equals transpose". A
 * word the course never uses counts against the question's match (lexical.ts), so each of these
 * made a question the course answers look like one it does not.
 */
const FILLER = new Set(
  `lol lmao omg wtf tf af ngl tbh idk idc pls plz thx ty bro dude gonna gotta kinda sorta yeah yep nope
  hey hi hello wat wut smh fr rn btw imo imho irl asap ur on
  le la les un une des du de que qui quoi est ce cette ces et ou dans pour par avec sur au aux pas ne
  comment pourquoi quel quelle quels explique expliquer
  el los las una unos unas del es son en para por con como cual porque se lo al su sus explica explicar
  der die das den dem ein eine einen einem ist sind und oder wie warum wo mit fur von zu im auf bei
  nicht ich du es erklaren erklare erklart
  equals plus minus times over squared cubed divided`.split(/\s+/),
);

/** TeX commands whose names are words a learner might type; every other command is markup. */
const TEX_WORDS = new Set(
  `alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi
  psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega sin cos tan det exp log ln atan atan2 arctan
  arccos arcsin partial infty nabla`.split(/\s+/),
);

/** Porter2 merges these with unrelated words (position/positive, derive/derivative, …). */
const STEM_EXCEPTIONS: Record<string, string> = {
  positive: "positiv",
  positively: "positiv",
  positivity: "positiv",
  derivative: "derivativ",
  derivatives: "derivativ",
  integral: "integral",
  integrals: "integral",
  operator: "operator",
  operators: "operator",
  objective: "objectiv",
  objectives: "objectiv",
  revolute: "revolute",
  original: "original",
  originally: "original",
  multiple: "multiple",
  determinant: "determinant",
  determinants: "determinant",
  meaning: "meaning",
  meanings: "meaning",
  identical: "identical",
  general: "general",
  generally: "general",
  university: "university",
  news: "news",
};

/** American spellings the course writes the British way. */
const SPELLING: Record<string, string> = {
  center: "centre",
  centers: "centres",
  meter: "metre",
  meters: "metres",
  behavior: "behaviour",
  neighbor: "neighbour",
  neighbors: "neighbours",
  color: "colour",
  modeling: "modelling",
  modeled: "modelled",
  analyze: "analyse",
};

export function stemWord(word: string): string {
  const british = SPELLING[word] ?? word.replace(/(?<=\w{3})iz(e|es|ed|ing|ation|ations|er|ers)$/, "is$1");
  return STEM_EXCEPTIONS[british] ?? porter2(british);
}

/** Lowercase words of a text with TeX markup removed (`\mathbf{p}` → p, `\theta` → theta). */
export function words(text: string): string[] {
  const plain = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) => (TEX_WORDS.has(name) ? ` ${name} ` : " "))
    // Names written with symbols: SO(3), SE(3), A*, RRT*.
    .replace(/\b([A-Za-z]{1,3})\((\d)\)/g, "$1$2")
    .replace(/\b(A|RRT)\\?\*/gi, (_, name: string) => ` ${name}star `)
    .toLowerCase()
    .replace(/(\w)['’](s|t|re|ve|d|ll|m)\b/g, "$1$2");
  return plain.match(/[a-z0-9]+/g) ?? [];
}

export const isStopWord = (word: string) => STOP.has(word);
/** A word of a question that says how it is asked, or nothing about the course (see FILLER). */
export const isQuestionWord = (word: string) => QUESTION_WORDS.has(word) || FILLER.has(word);

/** A word worth indexing: not a stop word or a count, and two characters or more. */
export const isContentWord = (word: string) => word.length >= 2 && !STOP.has(word) && !COUNTS.has(word);

/** Two adjacent terms as one lexeme, so "kalman gain" outranks "kalman … gain" far apart. */
export const bigram = (a: string, b: string) => `${a}_${b}`;

/** Stems of the content words of `text`, in order. */
export function termsOf(text: string): string[] {
  return words(text).filter(isContentWord).map(stemWord);
}

/** Bigrams of consecutive terms, skipping pure numbers (which pair with anything). */
export function bigramsOf(terms: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < terms.length; i++) {
    const a = terms[i - 1] as string;
    const b = terms[i] as string;
    if (/\D/.test(a) && /\D/.test(b) && a !== b) out.push(bigram(a, b));
  }
  return out;
}
