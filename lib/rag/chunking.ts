import GithubSlugger from "github-slugger";
import { toString as mdastToString } from "mdast-util-to-string";
import { isSolution, parseMarkdown } from "@/lib/content/markdown";
import { joinUnits, nodeUnits, type Unit } from "./units";

export interface Chunk {
  position: number;
  /** "Section › Subsection", or the lesson title for text before the first heading. */
  heading: string;
  /** The slug of the nearest heading, so a citation can link to `#anchor`. */
  anchor: string;
  content: string;
  isSolution: boolean;
}

export interface ChunkOptions {
  /** Sections longer than this are split between sentences or blocks. */
  maxChars?: number;
  /** At most this many characters of whole sentences of a piece are repeated in the next. */
  overlapChars?: number;
}

interface Section {
  heading: string;
  anchor: string;
  units: Unit[];
  isSolution: boolean;
}

/** Whole sentences from the end of a piece, at most `chars` long, carried into the next one. */
function overlapOf(units: Unit[], chars: number): Unit[] {
  const carried: Unit[] = [];
  let size = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i] as Unit;
    if (unit.kind !== "sentence" || size + unit.text.length > chars) break;
    carried.unshift(unit);
    size += unit.text.length + 1;
    if (unit.sep !== " ") break; // the first sentence of its paragraph: do not reach further back
  }
  return carried;
}

/**
 * Packs a section's units into pieces of at most `maxChars` (a single larger unit, such as a
 * long code block, stays whole). Cuts fall only between units, so never inside a formula or a
 * code block, and the next piece repeats the last whole sentences of the one before.
 */
function splitSection(section: Section, maxChars: number, overlapChars: number): string[] {
  const pieces: string[] = [];
  let current: Unit[] = [];
  let fresh = 0;
  const size = (units: Unit[]) => joinUnits(units).length;
  for (const unit of section.units) {
    if (fresh > 0 && size([...current, unit]) > maxChars) {
      pieces.push(joinUnits(current));
      const carried = overlapOf(current, overlapChars);
      current = size([...carried, unit]) > maxChars ? [] : carried;
      fresh = 0;
    }
    current.push(unit);
    fresh++;
  }
  if (fresh > 0 && joinUnits(current).trim()) pieces.push(joinUnits(current));
  return pieces;
}

/**
 * Splits a lesson into retrieval chunks: one per `##`/`###` section, exercise solutions as
 * their own chunks (so the tutor knows a passage is a solution), long sections in pieces cut
 * between sentences or blocks that repeat the last sentences of the piece before.
 */
export function chunkLesson(
  lessonTitle: string,
  markdown: string,
  { maxChars = 1600, overlapChars = 240 }: ChunkOptions = {},
): Chunk[] {
  const tree = parseMarkdown(markdown);
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  const trail: string[] = [];
  let current: Section = { heading: lessonTitle, anchor: "", units: [], isSolution: false };

  for (const node of tree.children) {
    if (node.type === "heading") {
      const text = mdastToString(node).trim();
      const anchor = slugger.slug(text);
      if (node.depth <= 3) {
        sections.push(current);
        const level = Math.max(node.depth - 2, 0);
        trail.length = level;
        trail[level] = text;
        current = { heading: trail.join(" › "), anchor, units: [], isSolution: false };
        continue;
      }
      current.units.push(...nodeUnits(markdown, node));
      continue;
    }
    if (isSolution(node)) {
      sections.push(current);
      sections.push({
        heading: `${current.heading} › Solution`,
        anchor: current.anchor,
        units: node.children.flatMap((child) => nodeUnits(markdown, child)),
        isSolution: true,
      });
      current = { ...current, units: [], isSolution: false };
      continue;
    }
    current.units.push(...nodeUnits(markdown, node));
  }
  sections.push(current);

  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const content of splitSection(section, maxChars, overlapChars)) {
      chunks.push({
        position: chunks.length,
        heading: section.heading,
        anchor: section.anchor,
        content,
        isSolution: section.isSolution,
      });
    }
  }
  return chunks;
}
