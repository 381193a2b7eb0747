/**
 * Next compiles this file for every runtime; NEXT_RUNTIME is a build-time constant that lets
 * the Edge bundle drop the Node-only start-up (the one process.env read outside lib/env.ts).
 * Blank variables are removed before anything else loads (see dropBlankVariables).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { dropBlankVariables } = await import("./lib/env");
    dropBlankVariables();
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
