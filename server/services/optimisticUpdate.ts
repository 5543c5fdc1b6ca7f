import { message, type Message } from "../../shared/i18n/message";
import { conflict, userError } from "../errors";

/** What an edit can be about; each names itself in the catalogues ("this pilot", "questo pilota"). */
const changedThings = {
  Pilot: "pilot",
  Project: "project",
  Indicator: "indicator",
  User: "user",
  Stakeholder: "stakeholder",
  "Communication activity": "communication",
} as const;
export type ChangedThing = keyof typeof changedThings;

/**
 * The sentence names the thing and its current state by nesting catalogue messages (`$t(...)`); i18next
 * stops nesting altogether when a value brings its own `$t(`, so a name typed that way would garble the
 * sentence. An invisible word joiner after the `$` keeps such a name as the person typed it, on screen.
 */
const asTyped = (value: string | number) => (typeof value === "string" ? value.replaceAll("$t(", "$\u2060t(") : value);

/**
 * Every edit names the version the person saw. Zero changed rows means either the row is gone or
 * someone saved in between; the second must not be silently overwritten. `current` says what the row
 * holds now (a message such as `conflict.now.pilot` whose values it names, or plain text), so that the
 * person sees the other change without reloading first.
 */
export function assertVersionedUpdate(changes: number, exists: boolean, what: ChangedThing, current?: Message | string | null): void {
  if (changes === 1) return;
  const thing = changedThings[what];
  if (!exists) throw userError("NOT_FOUND", message("conflict.gone", { thing }));
  if (!current) throw conflict(message("conflict.changed", { thing }));
  // The catalogue sentence nests the description of the current state: `$t({{currentKey}})` with its values.
  if (typeof current === "string") throw conflict(message("conflict.changedNowText", { thing, current: asTyped(current) }));
  const values = Object.fromEntries(Object.entries(current.values ?? {}).map(([name, value]) => [name, asTyped(value)]));
  throw conflict(message("conflict.changedNow", { thing, currentKey: current.key, ...values }));
}
