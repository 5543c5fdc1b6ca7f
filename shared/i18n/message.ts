/**
 * A sentence meant for a person, kept as a catalogue key and the values it names, so that each reader
 * sees it in their own language: shared rules and the server return these, the client (or the server's
 * error formatter) translates them. Numbers stay numbers, so that each language formats them its own way.
 * See docs/decisions/011-languages.md.
 */
export type MessageValues = Record<string, string | number>;

export interface Message {
  key: string;
  values?: MessageValues;
}

export function message(key: string, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as Message).key === "string";
}
