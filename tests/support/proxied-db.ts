import { type DbHandle, openDatabase } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "./db";
import { type FreezeProxy, startFreezeProxy } from "./freeze-proxy";

export interface ProxiedDatabase {
  /** The test database, reached directly. */
  direct: TestDatabase;
  proxy: FreezeProxy;
  /** The same database through the proxy, with the app's driver and limits. */
  through: DbHandle;
  close(): Promise<void>;
}

/** A fresh server test database (npm run test:pg) opened through a freeze proxy. */
export async function openProxiedDatabase(): Promise<ProxiedDatabase> {
  const direct = await createTestDatabase();
  if (direct.config.driver === "pglite") throw new Error("this test needs a server database (npm run test:pg)");
  const url = new URL(direct.config.url);
  const proxy = await startFreezeProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = proxy.host;
  url.port = String(proxy.port);
  const through = await openDatabase({ driver: direct.config.driver, url: url.toString() });
  return {
    direct,
    proxy,
    through,
    close: async () => {
      proxy.thaw();
      await through.close();
      await proxy.close();
      await direct.close();
    },
  };
}
