import net from "node:net";
import { WebSocketServer } from "ws";

/**
 * A minimal stand-in for Neon's WebSocket proxy: each connection to /v2?address=host:port
 * becomes a raw TCP connection to that Postgres, bytes piped both ways. Lets the Neon driver
 * run against a local Postgres without TLS.
 */
export async function startWsProxy(): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (ws, req) => {
    const address = new URL(req.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    const socket = net.connect(Number(port), host);
    socket.on("data", (data) => ws.send(data));
    socket.on("close", () => ws.close());
    socket.on("error", () => ws.close());
    ws.on("message", (data) => socket.write(data as Buffer));
    ws.on("close", () => socket.end());
  });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const { port } = wss.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
