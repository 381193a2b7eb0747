import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadSearches } from "@/db/queries/thread-review";
import { aiEvent } from "@/db/schema";
import { completeLesson } from "@/lib/content/access";
import { defaultContentDir, type LoadedCourse, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { env } from "@/lib/env";
import { NO_MODEL_NOTICE } from "@/lib/tutor/retrieval-answer";
import { type ChatkitTest, post, readEvents, scriptedModel, setupChatkit, userInput } from "../support/chatkit";
import type { WireEvent } from "../support/chatkit-wire";

/**
 * Retrieval-only answers on the shipped course, for a learner who has only Stage 1 open (the
 * lesson header puts the tutor in the robotics course).
 */
let t: ChatkitTest;
let course: LoadedCourse;
const onLesson = { "x-tutor-lesson-id": "coordinate-frames-and-vectors" };

beforeAll(async () => {
  t = await setupChatkit();
  course = await loadCourse(defaultContentDir());
  await seedCourse({ db: t.db.db, course });
});
afterAll(() => t.close());

function answerOf(events: WireEvent[]) {
  const done = events.find((e) => e.type === "thread.item.done" && e.item.type === "assistant_message");
  const part =
    done?.type === "thread.item.done" && done.item.type === "assistant_message" ? done.item.content[0] : null;
  return { text: part?.text ?? "", urls: (part?.annotations ?? []).map((a) => a.source.url) };
}

/** Every sentence (30+ characters) of the locked stages' lessons: summaries, objectives, text. */
function lockedSentences(open: string[]): string[] {
  return course.stages
    .filter((s) => !open.includes(s.id))
    .flatMap((s) => s.lessons.flatMap((l) => [l.summary, ...l.objectives, ...l.body.split(/(?<=[.!?:])\s+|\n+/)]))
    .map((x) => x.trim())
    .filter((x) => x.length >= 30);
}

async function ask(email: string, question: string) {
  const jar = await t.as(email);
  return answerOf(
    await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput(question) } }, { jar, headers: onLesson }),
    ),
  );
}

describe("retrieval-only answers", () => {
  it("say in the answer that no model is configured, and show a cut-clean excerpt under a section link", async () => {
    const { text, urls } = await ask("rq-good@example.com", "what is gimbol lock?");
    expect(text.startsWith(NO_MODEL_NOTICE)).toBe(true);
    expect(text).toContain("[Rotation matrices and orientation › Roll, pitch and yaw angles › Gimbal lock");
    expect(text).toContain("gimbal lock is a flaw of the three-angle description");
    expect(urls[0]).toBe(
      `${env().appUrl}/learn/spatial-foundations/rotation-matrices#gimbal-lock-at-pitch-of-plus-or-minus-90-degrees`,
    );
    expect((text.match(/\$\$/g) ?? []).length % 2).toBe(0);
    expect((text.replaceAll("$$", "").match(/\$/g) ?? []).length % 2).toBe(0);
    expect(text).not.toMatch(/could not find/);
  });

  it("name a locked lesson that covers the question by stage and title, with no text of it", async () => {
    const { text, urls } = await ask("rq-locked@example.com", "How do I tune the gains of a PID controller?");
    expect(text).toContain("**Stage 3 · Dynamics and feedback control**, in the lesson **Feedback and PID control**");
    expect(text).toContain("Stage 3 opens after Stage 2 · Kinematics of robot arms");
    expect(text).toContain("I could not find anything about this in the lessons you have unlocked");
    for (const sentence of lockedSentences(["spatial-foundations"])) expect(text).not.toContain(sentence);
    for (const other of ["Manipulator dynamics", "Velocity kinematics and the Jacobian", "Path planning"]) {
      expect(text).not.toContain(other);
    }
    expect(urls.every((u) => u.startsWith(`${env().appUrl}/learn/spatial-foundations/`))).toBe(true);
  });

  it("name the locked lesson whose title the question names, over one whose summary shares more of its words", async () => {
    // "compute" and "link" are in Manipulator dynamics' summary ("computed-torque", "one link").
    const { text } = await ask("rq-title@example.com", "how do i compute the jacobian of a 2 link arm");
    expect(text).toContain("in the lesson **Velocity kinematics and the Jacobian**");
    expect(text).not.toContain("Manipulator dynamics");
  });

  it("say what opens the next stage once the stage before it is complete", async () => {
    const email = "rq-next@example.com";
    await t.as(email);
    const user = { id: await t.userId(email), role: "student" as const };
    for (const l of course.stages[0]?.lessons ?? []) await completeLesson({ user, lessonId: l.id, db: t.db.db });
    const { text } = await ask(email, "how does a Kalman filter fuse odometry with a range sensor");
    expect(text).toContain("**Stage 4 · Mobile robots: motion, estimation and planning**");
    expect(text).toContain("Stage 4 opens after Stage 3");
    for (const sentence of lockedSentences(["spatial-foundations", "manipulator-kinematics"])) {
      expect(text).not.toContain(sentence);
    }
  });

  it("say so when nothing unlocked matches, without showing an unrelated passage", async () => {
    const { text, urls } = await ask("rq-none@example.com", "what is the capital of France?");
    expect(text).toContain("I could not find anything about this in the lessons you have unlocked");
    expect(text).not.toMatch(/\]\([^)]*\/learn\//);
    expect(urls).toEqual([]);
  });

  it("never show a solution, even when asked for one", async () => {
    const { text } = await ask(
      "rq-solution@example.com",
      "ramp exercise solution: the unit normal and the slope angle",
    );
    expect(text).toContain("Exercise: slope of a ramp");
    expect(text).not.toContain("26.57");
    expect(text).not.toContain("(0, -0.4472, 0.8944)");
  });

  it("link each source once: the quoted sections in the text, the other lessons as citations only", async () => {
    const questions = [
      "what is a rotation matrix?",
      "how do I change the frame of a vector?",
      "what is a homogeneous transform?",
      "how do i compute the cross product?",
    ];
    let citedOnly = 0;
    for (const [i, question] of questions.entries()) {
      const { text, urls } = await ask(`rq-once-${i}@example.com`, question);
      const lesson = (url: string) => url.split("#")[0];
      const linked = [...text.matchAll(/\]\((\/learn\/[^)]+)\)/g)].map((m) => lesson(m[1] as string));
      // Every link in the text heads a quoted excerpt (bold), in a cited lesson.
      expect(linked.length).toBe((text.match(/\]\(\/learn\/[^)]+\)\*\*/g) ?? []).length);
      for (const url of linked) expect(urls.map(lesson)).toContain(url);
      citedOnly += urls.filter((u) => !linked.includes(lesson(u))).length;
    }
    // Some answers cite lessons they do not quote: those are not repeated in the text.
    expect(citedOnly).toBeGreaterThan(0);
  });
});

describe("the usage record of a turn", () => {
  it("holds each search's query and the lessons it found, in both modes", async () => {
    const quiet = "rq-log@example.com";
    await ask(quiet, "why is the inverse of a rotation its transpose");
    const [row] = await t.db.db
      .select({ searches: aiEvent.searches, outcome: aiEvent.outcome })
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId(quiet)));
    expect(row?.outcome).toBe("retrieval_only");
    expect(row?.searches).toHaveLength(1);
    expect(row?.searches[0]?.query).toBe("why is the inverse of a rotation its transpose");
    expect(row?.searches[0]?.lessons[0]).toEqual({
      id: "rotation-matrices",
      title: "Rotation matrices and orientation",
    });

    const chatty = "rq-model@example.com";
    const { tutor } = scriptedModel([
      { tool: "search_lessons", input: { query: "right-handed frame cross product" } },
      { text: ["Curl your fingers from x to y."] },
    ]);
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("which way does z point?") } },
        { jar: await t.as(chatty), headers: onLesson, deps: { model: tutor } },
      ),
    );
    const [logged] = await t.db.db
      .select({ searches: aiEvent.searches })
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId(chatty)));
    expect(logged?.searches.map((s) => s.query)).toEqual([
      "which way does z point?",
      "right-handed frame cross product",
    ]);
    expect(logged?.searches[1]?.lessons[0]?.id).toBe("coordinate-frames-and-vectors");

    // The staff thread view lists them in order.
    const created = events.find((e) => e.type === "thread.created");
    const threadId = created?.type === "thread.created" ? created.thread.id : "";
    const listed = await threadSearches({ db: t.db.db, threadId, userId: await t.userId(chatty) });
    expect(await threadSearches({ db: t.db.db, threadId, userId: await t.userId(quiet) })).toEqual([]);
    expect(listed.map((s) => s.query)).toEqual(["which way does z point?", "right-handed frame cross product"]);
    expect(listed[1]?.lessons.map((l) => l.title)).toContain("Coordinate frames and vectors");
  });
});
