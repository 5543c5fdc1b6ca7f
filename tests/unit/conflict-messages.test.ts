import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { message } from "../../shared/i18n/message";
import { translate } from "../../server/i18n";
import { assertVersionedUpdate } from "../../server/services/optimisticUpdate";
import { UserMessage } from "../../server/errors";

/** The refusal a person reads, in `language`, as the error formatter would write it. */
function refusal(run: () => void, language: string): { code: string; text: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof TRPCError) || !(error.cause instanceof UserMessage)) throw error;
    return { code: error.code, text: translate(language, error.cause.userMessage) };
  }
  throw new Error("nothing was refused");
}

const pilotNow = message("conflict.now.pilot", { title: "Luserna", startDate: "2020-09-01", endDate: "2021-09-30", frequency: "quarterly" });

describe("someone else changed it first", () => {
  it("passes a single changed row", () => {
    expect(() => assertVersionedUpdate(1, true, "Pilot", pilotNow)).not.toThrow();
  });

  it("names what changed and what it holds now, in the reader's language", () => {
    const stale = () => assertVersionedUpdate(0, true, "Pilot", pilotNow);
    expect(refusal(stale, "en")).toEqual({
      code: "CONFLICT",
      text: 'Someone else changed this pilot after you opened it; it is now "Luserna", 01/09/2020 to 30/09/2021, reporting: Quarterly. Reload to see their change, then make yours again.',
    });
    expect(refusal(stale, "it").text).toBe(
      "Nel frattempo qualcun altro ha modificato questo pilota; ora risulta: «Luserna», dal 01/09/2020 al 30/09/2021, rendicontazione: Trimestrale. Ricarica la pagina per vedere la sua modifica, poi ripeti la tua.",
    );
    expect(refusal(stale, "de").text).toContain("„Luserna“, 01.09.2020 bis 30.09.2021");
  });

  it("writes the indicator's goal with the language's numbers", () => {
    const stale = () => assertVersionedUpdate(0, true, "Indicator", message("conflict.now.indicator", { name: "Hours", goalDirection: "at_least", goal: 12345.5, unit: "hours" }));
    expect(refusal(stale, "en").text).toContain('it is now "Hours", goal: At least 12,345.5 hours.');
    expect(refusal(stale, "it").text).toContain("«Hours», obiettivo: Almeno 12.345,5 hours.");
  });

  it("keeps a description written elsewhere as it is, and does not treat user text as a message", () => {
    const current = '"$t(conflict.this.user)" {{thing}}';
    expect(refusal(() => assertVersionedUpdate(0, true, "Project", current), "en").text).toBe(
      `Someone else changed this project after you opened it; it is now "$\u2060t(conflict.this.user)" {{thing}}. Reload to see their change, then make yours again.`,
    );
    const named = () =>
      assertVersionedUpdate(
        0,
        true,
        "Pilot",
        message("conflict.now.pilot", { title: "$t(conflict.this.user)", startDate: "2020-09-01", endDate: "2021-09-30", frequency: "monthly" }),
      );
    expect(refusal(named, "en").text).toMatch(/^Someone else changed this pilot after you opened it; it is now "\$\u2060t\(conflict\.this\.user\)", 01\/09\/2020/);
  });

  it("says when the row is gone, and when there is no description", () => {
    expect(refusal(() => assertVersionedUpdate(0, false, "Communication activity"), "es")).toEqual({
      code: "NOT_FOUND",
      text: "No se ha guardado nada: esta actividad de comunicación ya no existe. Vuelve a cargar la página.",
    });
    expect(refusal(() => assertVersionedUpdate(0, true, "User"), "en").text).toBe(
      "Someone else changed this user after you opened it. Reload to see their change, then make yours again.",
    );
  });
});
