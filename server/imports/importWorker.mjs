// Worker threads do not inherit tsx's loader on Node 20, so the TypeScript entry is loaded through
// tsx's API. Loading it here, before any job arrives, is what makes a spare worker "warm".
import { tsImport } from "tsx/esm/api";

await tsImport("./importWorker.ts", import.meta.url);
