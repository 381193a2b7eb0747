/** Where OpenAI serves the ChatKit web component (the page loads it; e2e tests stand in for it). */
export const CHATKIT_SCRIPT = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";
