import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app";
import { createTestDatabase, DEMO_TODAY, seedDemo } from "./testDatabase";

/** The real express app with the demo data on a fresh database, listening on a free loopback port. */
export async function startTestServer() {
  const testDb = createTestDatabase();
  seedDemo(testDb.db);
  const server: Server = createApp({ db: testDb.db, today: () => DEMO_TODAY }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    db: testDb.db,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      testDb.cleanup();
    },
  };
}
