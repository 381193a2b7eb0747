import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { clsx } from "clsx";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import * as alert from "@/components/ui/alert";
import * as badge from "@/components/ui/badge";
import * as button from "@/components/ui/button";
import * as card from "@/components/ui/card";
import * as input from "@/components/ui/input";
import * as label from "@/components/ui/label";
import * as progress from "@/components/ui/progress";
import { cn as join } from "@/lib/class-names/join";
import { cn as merge } from "@/lib/class-names/merge";

/**
 * Client components join class names instead of merging them (lib/utils.ts), so a className a
 * client component passes to a shared UI component must not fight the component's own classes
 * (`shadow-lg` on a Button whose variant says `shadow-xs` would leave the winner to CSS order).
 * This finds every literal className given to a shared component in a "use client" file and
 * checks it against the classes the component renders with the same variant and size.
 */
const root = path.resolve(import.meta.dirname, "../..");
const shared: Record<string, unknown> = { ...alert, ...badge, ...button, ...card, ...input, ...label, ...progress };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : files(full);
    return full.endsWith(".tsx") ? [full] : [];
  });
}

const clientFiles = [...files(path.join(root, "app")), ...files(path.join(root, "components"))].filter((f) =>
  /^\s*["']use client["']/.test(readFileSync(f, "utf8")),
);

interface Usage {
  file: string;
  component: string;
  className: string;
  props: Record<string, string>;
}

function usages(file: string): Usage[] {
  const source = readFileSync(file, "utf8");
  const found: Usage[] = [];
  for (const m of source.matchAll(/<([A-Z]\w*)\b([^<>]*?)\/?>/g)) {
    const component = m[1] as string;
    const attrs = m[2] as string;
    const className = /\bclassName="([^"]*)"/.exec(attrs)?.[1];
    if (!(component in shared) || className === undefined) continue;
    const props: Record<string, string> = {};
    for (const p of attrs.matchAll(/\b(variant|size)="([^"]*)"/g)) props[p[1] as string] = p[2] as string;
    found.push({ file: path.relative(root, file), component, className, props });
  }
  return found;
}

/** Each cn(...) call in a file: its first string literal (the base) and the other literals in it. */
function cnCalls(file: string): { file: string; base: string; added: string[] }[] {
  const source = readFileSync(file, "utf8");
  const calls: { file: string; base: string; added: string[] }[] = [];
  for (const m of source.matchAll(/\bcn\(/g)) {
    let depth = 1;
    let end = (m.index ?? 0) + 3;
    while (depth > 0 && end < source.length) {
      const c = source[end++];
      if (c === "(") depth++;
      else if (c === ")") depth--;
    }
    const literals = [...source.slice((m.index ?? 0) + 3, end - 1).matchAll(/"([^"]*)"/g)].map((l) => l[1] as string);
    const [base, ...added] = literals;
    if (base !== undefined) calls.push({ file: path.relative(root, file), base, added });
  }
  return calls;
}

/** The classes a shared component puts on its root element for these props. */
function ownClasses(component: string, props: Record<string, string>): string {
  const html = renderToStaticMarkup(createElement(shared[component] as never, props as never));
  return /class="([^"]*)"/.exec(html)?.[1] ?? "";
}

/** Classes of `own` that merging with `given` would drop: the ones the two fight over. */
const conflicts = (own: string, given: string) => {
  const kept = new Set(twMerge(own, given).split(" "));
  return clsx(own)
    .split(" ")
    .filter((c) => !kept.has(c) && !given.split(" ").includes(c));
};

describe("class names in client components", () => {
  const all = clientFiles.flatMap(usages);

  it("finds the shared components' className overrides in client files", () => {
    // The scan must see the uses it guards, or it would pass by finding nothing.
    expect(all.length).toBeGreaterThan(5);
    expect(all.some((u) => u.component === "Button")).toBe(true);
  });

  it("none of them conflicts with the component's own classes", () => {
    const fights = all
      .map((u) => ({ ...u, drops: conflicts(ownClasses(u.component, u.props), u.className) }))
      .filter((u) => u.drops.length > 0)
      .map((u) => `${u.file}: <${u.component} className="${u.className}"> fights ${u.drops.join(" ")}`);
    expect(fights).toEqual([]);
  });

  it("each variant and size of a shared component is free of conflicts itself", () => {
    const cases: [string, Record<string, string>][] = [];
    for (const variant of ["default", "destructive", "outline", "secondary", "ghost", "link"])
      for (const size of ["default", "sm", "lg", "icon"]) cases.push(["Button", { variant, size }]);
    for (const variant of ["default", "secondary", "success", "outline"]) cases.push(["Badge", { variant }]);
    for (const variant of ["default", "destructive"]) cases.push(["Alert", { variant }]);
    for (const name of [
      "Card",
      "CardHeader",
      "CardTitle",
      "CardDescription",
      "CardContent",
      "Input",
      "Label",
      "Progress",
    ])
      cases.push([name, {}]);
    const fights = cases
      .map(([name, props]) => ({ name, props, own: ownClasses(name, props) }))
      .filter(({ own }) => new Set(twMerge(own).split(" ")).size !== new Set(clsx(own).split(" ")).size)
      .map(({ name, props, own }) => `${name} ${JSON.stringify(props)}: ${own} → ${twMerge(own)}`);
    expect(fights).toEqual([]);
  });

  it("no cn(...) in a client file adds a class that fights its base classes", () => {
    const calls = clientFiles.flatMap(cnCalls);
    expect(calls.length).toBeGreaterThan(5);
    const fights = calls.flatMap(({ file, base, added }) =>
      added
        .filter((extra) => conflicts(base, extra).length > 0)
        .map((extra) => `${file}: cn("${base}", … "${extra}") fights ${conflicts(base, extra).join(" ")}`),
    );
    expect(fights).toEqual([]);
  });

  it("the check catches a conflicting override", () => {
    expect(conflicts(ownClasses("Button", {}), "shadow-lg")).toContain("shadow-xs");
    expect(conflicts(ownClasses("Button", {}), "w-full")).toEqual([]);
  });

  it("server components merge and client components join", () => {
    expect(merge("px-4 py-2", "px-2")).toBe("py-2 px-2");
    expect(join("px-4 py-2", "px-2")).toBe("px-4 py-2 px-2");
  });
});
