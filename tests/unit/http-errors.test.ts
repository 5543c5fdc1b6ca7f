import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { message } from "../../shared/i18n/message";
import { conflict, forbidden, invalidInput, notFound, userError, UserMessage } from "../../server/errors";
import { translate } from "../../server/i18n";
import { httpErrorOf } from "../../server/http/errors";
import { logger } from "../../server/logger";
import { param, parseParameters } from "../../server/http/route";

describe("the one mapping of errors to HTTP answers", () => {
  const cases: [label: string, error: unknown, status: number, key: string][] = [
    ["a refusal", forbidden(message("shell.refused")), 403, "shell.refused"],
    ["nobody signed in", userError("UNAUTHORIZED", message("shell.signInToContinue")), 401, "shell.signInToContinue"],
    ["not found", notFound(message("pilot.errors.notFound")), 404, "pilot.errors.notFound"],
    ["a conflict", conflict(message("users.changedByOthers")), 409, "users.changedByOthers"],
    ["invalid input", invalidInput(message("exportFiles.errors.invalidId"), {}), 400, "exportFiles.errors.invalidId"],
    ["a refusal made outside a procedure", new UserMessage(message("exportFiles.errors.formats")), 400, "exportFiles.errors.formats"],
  ];
  it.each(cases)("%s keeps its status and is said in the reader's language", (_label, error, status, key) => {
    expect(httpErrorOf(error, "it")).toEqual({ status, text: translate("it", message(key)) });
    expect(translate("it", message(key))).not.toBe(translate("en", message(key)));
  });

  it("says an unexpected failure in general terms, without its own message", () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => {});
    for (const error of [new Error("SQLITE_CORRUPT at /var/db/x.sqlite"), new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "SELECT * FROM users" })]) {
      expect(httpErrorOf(error, "en")).toEqual({ status: 500, text: "The export failed." });
    }
    expect(log).toHaveBeenCalledTimes(2);
    log.mockRestore();
  });

  it("lists a refused input's problems with their fields", () => {
    const parsed = z.object({ periodTo: z.string().max(2, { message: "validation.tooLong" }) }).safeParse({ periodTo: "2021-01-01" });
    expect(httpErrorOf(parsed.error, "en")).toEqual({ status: 400, text: expect.stringMatching(/^Some filters are not valid: periodTo: /) });
  });
});

describe("route parameters, parsed once", () => {
  const schema = z.object({ id: param.id, format: param.format(["csv", "xlsx"]), asOf: param.asOf });
  const refusal = (raw: unknown) => {
    try {
      parseParameters(schema, raw);
    } catch (error) {
      return httpErrorOf(error, "en");
    }
    throw new Error("Expected a refusal");
  };

  it("gives numbers, formats and dates as typed values", () => {
    expect(parseParameters(schema, { id: "12", format: "csv", asOf: "" })).toEqual({ id: 12, format: "csv", asOf: undefined });
    expect(parseParameters(schema, { id: "12", format: "xlsx", asOf: "2021-09-30", lang: "it" })).toEqual({ id: 12, format: "xlsx", asOf: "2021-09-30" });
  });

  it.each([
    [{ id: "0", format: "csv" }, 400, "Not a valid id."],
    [{ id: "1e3", format: "csv" }, 400, "Not a valid id."],
    [{ id: "12", format: "pdf" }, 404, "Exports come as .csv or .xlsx."],
    [{ id: "12", format: "csv", asOf: "yesterday" }, 400, "asOf must be a date like 2021-09-30."],
    [{ id: "12", format: "csv", asOf: ["2021-01-01", "2021-02-01"] }, 400, "asOf must be a date like 2021-09-30."],
  ])("refuses %j with %i: %s", (raw, status, text) => {
    expect(refusal(raw)).toEqual({ status, text });
  });
});
