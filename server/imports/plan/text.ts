import type { z } from "zod";
import type { Cumulation, GoalDirection, IndicatorKind, Measure } from "../../../shared/domain";
import type { ColumnName, ImportText, RowReader, SheetKind } from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import { messageOfIssue } from "../../../shared/i18n/translateIssue";
import type { StoredValues } from "../../../shared/resultRules";

/** The words of the preview: problems from a schema's issues, and what a created or changed row sets. */

export function addZodProblems<K extends SheetKind>(reader: RowReader<K>, error: z.ZodError, fieldColumns: Record<string, string>): void {
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    const column = (fieldColumns[field] ?? "") as ColumnName<K> | "";
    // The placeholder ids are not the person's concern.
    if (field === "pilotId" || field === "projectId") continue;
    const problem = issue.code === "invalid_type" && issue.input === undefined ? message("validation.required") : messageOfIssue(issue);
    // The reader already said so when it read the cell (shared/textRules.ts): once is enough.
    if (reader.problems.some((p) => p.column === column && typeof p.message !== "string" && p.message.key === problem.key)) continue;
    reader.problem(column, problem);
  }
}

/** What an indicator row sets, as a message: the reader's language names the kind and measure and writes the goal. */
export function describeIndicator(f: { kind: IndicatorKind; measure: Measure; cumulation: Cumulation; goal: number; goalDirection: GoalDirection; unit: string }): ImportText {
  const unit = f.measure === "percentage" ? " %" : f.unit ? ` ${f.unit}` : "";
  return message(f.goalDirection === "at_most" ? "importFile.rows.indicatorAtMost" : "importFile.rows.indicatorAtLeast", { kind: f.kind, measure: f.measure, goal: f.goal, unit });
}

/** What a results row sets, with the start of its comment (the comment as typed). */
export function describeValues(measure: Measure, v: StoredValues, comment: string): ImportText {
  const shown = comment.length > 80 ? `${comment.slice(0, 77)}…` : comment;
  const values: Record<string, string | number> = { value: v.value, comment: shown };
  if (v.respondents !== null) values.respondents = v.respondents;
  if (v.numerator !== null) values.numerator = v.numerator;
  if (v.denominator !== null) values.denominator = v.denominator;
  return message(`importFile.rows.${measure}${comment ? "WithComment" : ""}`, values);
}

/** Problems quote the cell they are about; a 100,000-character cell is shown by its beginning. */
const LONG_QUOTE = /"([^"]{61,})"|“([^”]{61,})”/g;
export function readableLength(problem: ImportText): ImportText {
  if (typeof problem !== "string") {
    // A message quotes cells through its values: shorten those, the sentence around them is the catalogue's.
    if (!problem.values) return problem;
    const values = Object.fromEntries(
      Object.entries(problem.values).map(([name, value]) => [name, typeof value === "string" && value.length > 60 ? `${value.slice(0, 60)}…` : value]),
    );
    return { ...problem, values };
  }
  let text =
    problem.length > 200
      ? problem.replace(LONG_QUOTE, (_match, plain: string | undefined, curly: string | undefined) =>
          plain !== undefined ? `"${plain.slice(0, 60)}…"` : `“${curly!.slice(0, 60)}…”`,
        )
      : problem;
  if (text.length > 500) text = `${text.slice(0, 240)} … ${text.slice(-200)}`;
  return text;
}
