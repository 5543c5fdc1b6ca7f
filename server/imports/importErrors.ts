import type { ImportText } from "../../shared/importFormat";

/**
 * A refusal of the import meant for a person: its words are a catalogue message that travels from the
 * worker thread to the job and is said in the reader's language when the job is read.
 */
export class ImportTextError extends Error {
  constructor(readonly text: ImportText) {
    super(typeof text === "string" ? text : text.key);
  }
}
