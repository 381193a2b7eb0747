import GithubSlugger from "github-slugger";
import type { RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { isSolution, parseMarkdown } from "@/lib/content/markdown";

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
  /** Sections longer than this are split on block boundaries. */
  maxChars?: number;
  /** Characters of the previous piece repeated at the start of the next one. */
  overlapChars?: number;
}

interface Section {
  heading: string;
  anchor: string;
  blocks: string[];
  isSolution: boolean;
}

function slice(markdown: string, node: RootContent): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? mdastToString(node) : markdown.slice(start, end);
}

/** The tail of `text`, cut at a word boundary, used to carry context into the next piece. */
function tail(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const cut = text.slice(text.length - chars);
  const space = cut.indexOf(" ");
  return space >= 0 ? cut.slice(space + 1) : cut;
}

function splitSection(section: Section, maxChars: number, overlapChars: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const block of section.blocks) {
    if (current && current.length + block.length + 2 > maxChars) {
      pieces.push(current);
      current = `${tail(current, overlapChars)}\n\n${block}`;
    } else {
      current = current ? `${current}\n\n${block}` : block;
    }
  }
  if (current.trim()) pieces.push(current);
  return pieces;
}

/**
 * Splits a lesson into retrieval chunks: one per `##`/`###` section, exercise solutions as
 * their own chunks (so the tutor knows a passage is a solution), long sections in pieces
 * that overlap so no sentence loses its context at a boundary.
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
  let current: Section = { heading: lessonTitle, anchor: "", blocks: [], isSolution: false };

  for (const node of tree.children) {
    if (node.type === "heading") {
      const text = mdastToString(node).trim();
      const anchor = slugger.slug(text);
      if (node.depth <= 3) {
        sections.push(current);
        const level = Math.max(node.depth - 2, 0);
        trail.length = level;
        trail[level] = text;
        current = { heading: trail.join(" › "), anchor, blocks: [], isSolution: false };
        continue;
      }
      current.blocks.push(slice(markdown, node));
      continue;
    }
    if (isSolution(node)) {
      const inner = node.children.map((child) => slice(markdown, child)).join("\n\n");
      sections.push(current);
      sections.push({
        heading: `${current.heading} › Solution`,
        anchor: current.anchor,
        blocks: [inner],
        isSolution: true,
      });
      current = { ...current, blocks: [], isSolution: false };
      continue;
    }
    current.blocks.push(slice(markdown, node));
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
