import { describe, expect, it } from "vitest";
import { createHashQueue, HashQueueFull } from "../../server/services/hashQueue";

/** A piece of work that finishes when the test says so. */
function gate() {
  let open = () => {};
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, done };
}

describe("the password-hash queue", () => {
  it("runs at most `concurrency` at once, in arrival order, and refuses at once past the waiting line", async () => {
    const queue = createHashQueue({ concurrency: 2, maxWaiting: 3 });
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i);
        await g.done;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.size).toEqual({ running: 2, waiting: 3 });
    await expect(queue.run(async () => 99)).rejects.toBeInstanceOf(HashQueueFull);
    gates[0]!.open();
    await runs[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([0, 1, 2]);
    // A place handed over is never taken by a newcomer: still two running.
    expect(queue.size).toEqual({ running: 2, waiting: 2 });
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it("puts a known browser's hash before the strangers in line, and does not refuse it for a full line", async () => {
    const queue = createHashQueue({ concurrency: 1, maxWaiting: 1 });
    const order: string[] = [];
    const blocker = gate();
    const running = queue.run(() => blocker.done);
    const stranger = queue.run(async () => order.push("stranger"));
    const known = queue.run(async () => order.push("known"), { first: true });
    await Promise.resolve();
    expect(queue.size).toEqual({ running: 1, waiting: 2 });
    blocker.open();
    await Promise.all([running, stranger, known]);
    expect(order).toEqual(["known", "stranger"]);
  });

  it("frees the place of a hash that failed", async () => {
    const queue = createHashQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(async () => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    expect(await queue.run(async () => "next")).toBe("next");
  });
});
