import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LANGUAGE_HEADER } from "../../shared/i18n/languages";
import { translate } from "../../server/i18n";
import { notFound, type UserMessage } from "../../server/errors";
import { message } from "../../shared/i18n/message";
import { DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let running: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  running = await startTestServer();
});
afterEach(() => running.stop());

async function errorMessage(path: string, language: string, init: RequestInit & { cookie?: string } = {}) {
  const headers: Record<string, string> = { [LANGUAGE_HEADER]: language, "content-type": "application/json", ...(init.cookie ? { cookie: init.cookie } : {}) };
  const response = await fetch(`${running.baseUrl}/api/trpc/${path}`, { ...init, headers });
  const body = (await response.json()) as { error: { message: string } };
  return { status: response.status, message: body.error.message };
}

describe("refusals from sign-in, accounts, reviews and access are said in the reader's language", () => {
  it("asks to sign in, and refuses a wrong password, in the page's language", async () => {
    expect(await errorMessage("portfolio.summary", "it")).toEqual({ status: 401, message: "Accedi per continuare." });
    expect(await errorMessage("portfolio.summary", "de")).toEqual({ status: 401, message: "Melden Sie sich an, um fortzufahren." });
    const wrong = await errorMessage("auth.signIn", "es", { method: "POST", body: JSON.stringify({ email: DEMO_ACCOUNTS.manager, password: "not-the-password" }) });
    expect(wrong).toEqual({ status: 401, message: "El correo electrónico o la contraseña no son correctos." });
  });

  it("names what was not found, and refuses what the account may not do, in the page's language", async () => {
    const administrator = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.administrator);
    const missingPilot = `pilots.get?input=${encodeURIComponent(JSON.stringify({ id: 999_999 }))}`;
    expect(await errorMessage(missingPilot, "it", { cookie: administrator })).toEqual({ status: 404, message: "Il pilota non è stato trovato." });
    expect(await errorMessage(missingPilot, "en", { cookie: administrator })).toEqual({ status: 404, message: "The pilot was not found." });
    const evaluator = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.evaluator);
    expect(await errorMessage("users.list", "de", { cookie: evaluator })).toEqual({
      status: 403,
      message: "Ihr Konto erlaubt dies hier nicht. Wenden Sie sich an eine Projektleitung oder einen Administrator, wenn Sie es brauchen.",
    });
  });
});

describe("server messages", () => {
  it("notFound takes a whole sentence as a message, and still a thing's English name from older callers", () => {
    const fromMessage = notFound(message("shell.notFound.reportingPeriod"));
    expect(fromMessage).toBeInstanceOf(TRPCError);
    expect(fromMessage.code).toBe("NOT_FOUND");
    expect(fromMessage.message).toBe("The reporting period was not found.");
    expect((fromMessage.cause as UserMessage).userMessage).toEqual(message("shell.notFound.reportingPeriod"));
    expect(notFound("The widget").message).toBe("The widget was not found.");
  });

  it("names review states and steps in the reader's words, and counts minutes with the right plural", () => {
    const stale = message("reviews.changedByOthersNamed", { state: "submitted", name: "Maria Rossi" });
    expect(translate("de", stale)).toContain("Er ist jetzt „Zur Prüfung eingereicht“ (von Maria Rossi)");
    expect(translate("it", message("reviews.stepNotAllowed", { state: "approved", step: "submit" }))).toBe(
      'Un rapporto in stato "Approvato (bloccato)" non può passare per "Invia per revisione".',
    );
    expect(translate("it", message("signIn.tooManyAttempts", { count: 1 }))).toContain("Attendi 1 minuto prima");
    expect(translate("en", message("signIn.tooManyAttempts", { count: 15 }))).toBe("Too many failed sign-ins. Wait 15 minutes before trying again.");
  });
});
