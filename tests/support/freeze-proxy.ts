import net from "node:net";

/**
 * A TCP proxy in front of a real Postgres that can freeze: connections stay open but nothing
 * moves in either direction, and new connections are accepted and then left hanging, which
 * is what a frozen database host (or a network partition) looks like to the app. `thaw`
 * delivers what waited and lets everything continue. `sever` closes every open connection at
 * once, as a database restart or a failover does; new connections are served as before.
 */
export interface FreezeProxy {
  host: string;
  port: number;
  freeze(): void;
  thaw(): void;
  sever(): void;
  /** Chunks the app sent that wait while frozen (a statement sent counts one). */
  heldFromApp(): number;
  close(): Promise<void>;
}

export async function startFreezeProxy(target: { host: string; port: number }): Promise<FreezeProxy> {
  let frozen = false;
  const links = new Set<{ resume(): void; destroy(): void; heldFromApp(): number }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const held: [net.Socket, Buffer][] = [];
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (data) => {
        if (frozen) held.push([to, data]);
        else to.write(data);
      });
    forward(client, upstream);
    forward(upstream, client);
    const link = {
      resume() {
        for (const [to, data] of held.splice(0)) to.write(data);
      },
      destroy() {
        client.destroy();
        upstream.destroy();
      },
      heldFromApp: () => held.filter(([to]) => to === upstream).length,
    };
    links.add(link);
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: "127.0.0.1",
    port: (server.address() as net.AddressInfo).port,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const link of links) link.resume();
    },
    sever() {
      for (const link of [...links]) link.destroy();
    },
    heldFromApp: () => [...links].reduce((n, link) => n + link.heldFromApp(), 0),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const link of [...links]) link.destroy();
      }),
  };
}
