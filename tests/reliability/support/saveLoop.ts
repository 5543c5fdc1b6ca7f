/**
 * A writer in its own process, as the server would be: saves the fictional demo pilot's current
 * quarter again and again through the router, each time with new values, until told to stop.
 * Reports how many saves were acknowledged.
 */
import { openDatabase } from "../../../db/client";
import { callerFor } from "../../support/testDatabase";

const [path, today] = process.argv.slice(2) as [string, string];
const db = openDatabase(path);
const caller = callerFor(db, today);
let stopping = false;
process.on("message", () => (stopping = true));

const pilot = (await caller.portfolio.summary()).pilots.find((p) => p.isFictional && p.title.includes("Valley"))!;
const period = (await caller.pilots.page({ id: pilot.id })).periods.filter((p) => p.hasStarted).at(-1)!;
const form = await caller.results.periodForm({ periodId: period.id });
const counts = form.indicators.filter((i) => i.indicator.measure === "count");
const versions = new Map(counts.map((i) => [i.indicator.id, i.existing?.version ?? null]));
let saves = 0;
while (!stopping) {
  const outcome = await caller.results.savePeriod({
    periodId: period.id,
    enteredBy: "Writer",
    entries: counts.map(({ indicator }) => ({
      indicatorId: indicator.id,
      expectedVersion: versions.get(indicator.id) ?? null,
      value: 1000 + saves,
      comment: "Written during a backup",
      plausibilityConfirmed: true,
    })),
  });
  for (const [id, version] of Object.entries(outcome.versions)) versions.set(Number(id), version);
  saves++;
  // Ready once writing is well under way, so that every backup is taken while saves go on.
  if (saves === 5) process.send!({ ready: true });
  // Let the stop message in now and then.
  if (saves % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
}
db.$client.close();
process.send!({ saves }, () => process.exit(0));
