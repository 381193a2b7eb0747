import { afterEach, describe, expect, it, vi } from "vitest";
import { lessonFetchSettled, startLessonFetch } from "@/lib/content/lesson-fetch";
import { renderedLesson } from "@/lib/content/rendered-lessons";

/** A stand-in for the browser's fetch that answers the lesson API like the server does. */
function answering(status = 200) {
  const calls: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    calls.push(url);
    const lessonId = url.split("/")[3] ?? "";
    return new Response(JSON.stringify({ version: `v-${lessonId}`, html: `<p>${lessonId}</p>` }), { status });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("the browser's early fetch of a lesson", () => {
  it("asks once for a hover, a press and a click in a row, and keeps the answer under its version", async () => {
    const calls = answering();
    const t = Date.now();
    startLessonFetch("hovered", t);
    startLessonFetch("hovered", t + 80); // the press, while the hover's fetch is in flight
    await lessonFetchSettled("hovered");
    startLessonFetch("hovered", Date.now()); // the click, after it came back
    expect(calls).toEqual(["/api/lessons/hovered/html"]);
    expect(renderedLesson("v-hovered")).toBe("<p>hovered</p>");
  });

  it("asks again once the last answer is no longer fresh", async () => {
    const calls = answering();
    startLessonFetch("revisited");
    await lessonFetchSettled("revisited");
    startLessonFetch("revisited", Date.now() + 30_001);
    await lessonFetchSettled("revisited");
    expect(calls).toHaveLength(2);
  });

  it("asks again at once after a refusal: nothing was kept", async () => {
    const calls = answering(403);
    startLessonFetch("refused");
    await lessonFetchSettled("refused");
    startLessonFetch("refused");
    await lessonFetchSettled("refused");
    expect(calls).toHaveLength(2);
    expect(renderedLesson("v-refused")).toBeUndefined();
  });
});
