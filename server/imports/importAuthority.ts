import type { AppDatabase } from "../../db/client";
import { message } from "../../shared/i18n/message";
import { importRefusalMessages, importRefusals, mayUploadImport, type ImportScope } from "../access";
import { loadSignedInUser } from "../services/sessions";
import type { ImportAuthority } from "./importJobs";

/** Why this person may not upload into this scope: the same sentence at upload, preview and commit. */
export const uploadRefusal = (scope: ImportScope | "pilot") => message(scope === "projects" ? "importFile.errors.onlyAdministrators" : "importFile.errors.notAllowedForPilot");

/**
 * The rules of server/access.ts for one person's job, with their roles read from the database each time
 * it is asked (preview ready, commit): a role removed after the preview stops the commit.
 * A deactivated account holds no roles.
 */
export function importAuthority(db: AppDatabase, userId: number, scope: ImportScope): ImportAuthority {
  return (writes) => {
    const memberships = loadSignedInUser(db, userId)?.memberships ?? [];
    if (!mayUploadImport(memberships, scope)) return uploadRefusal(scope);
    const refused = importRefusals(memberships, writes);
    return refused.length > 0 ? importRefusalMessages(refused)[0]! : null;
  };
}
