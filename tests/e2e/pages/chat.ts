import { expect, type Locator, type Page } from "@playwright/test";
import { CHATKIT_SCRIPT } from "../../../lib/chatkit/client/cdn";

export const LESSON = "/learn/spatial-foundations/coordinate-frames-and-vectors";

/**
 * The tutor panel on a lesson page, driven through the built-in client. Specs talk to this
 * object instead of repeating selectors, so a markup change is fixed in one place.
 */
export class ChatPage {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("tutor-panel");
  }

  /** The CDN is unreachable here anyway; abort it explicitly so `auto` falls back at once. */
  async withoutChatKit(): Promise<this> {
    await this.page.route(CHATKIT_SCRIPT, (route) => route.abort());
    return this;
  }

  async open(lesson = LESSON): Promise<this> {
    await this.page.goto(lesson);
    await this.openPanel();
    return this;
  }

  async openPanel(): Promise<void> {
    await this.page.getByTestId("open-tutor").click();
    await expect(this.panel.getByTestId("builtin-chat")).toBeVisible();
  }

  get composer(): Locator {
    return this.page.getByLabel("Message to the tutor");
  }

  async ask(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  /** Asks and waits until the answer contains `expected`. */
  async askAndWait(text: string, expected: string | RegExp = "From the lesson"): Promise<Locator> {
    await this.ask(text);
    const answer = this.lastAnswer();
    await expect(answer).toContainText(expected);
    return answer;
  }

  answers(): Locator {
    return this.panel.locator("li[data-role='assistant']");
  }

  lastAnswer(): Locator {
    return this.answers().last();
  }

  userMessages(): Locator {
    return this.panel.locator("li[data-role='user']");
  }

  problem(): Locator {
    return this.panel.getByTestId("tutor-problem");
  }

  async stop(): Promise<void> {
    await this.page.getByRole("button", { name: "Stop the answer" }).click();
    await expect(this.page.getByRole("button", { name: "Send" })).toBeVisible();
  }

  /** The conversation list inside the panel. */
  async conversations(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Conversations" }).click();
    return this.page.getByTestId("thread-list");
  }
}
