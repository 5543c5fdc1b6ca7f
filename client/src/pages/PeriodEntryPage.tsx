import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch, type UseFormRegister } from "react-hook-form";
import { Link, useParams } from "react-router";
import { formatNumber, formatPercent, parseDecimalInput } from "../../../shared/numbers";
import { statusLabels } from "../../../shared/progress";
import { checkEnteredValues, progressAtPeriodEnd, type EnteredValues, type ResultField } from "../../../shared/resultRules";
import { isEditable } from "../../../shared/review";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ReviewPanel } from "../components/ReviewPanel";
import { useCan } from "../hooks/useMe";
import { FictionalBadge, StatusBadge } from "../components/StatusBadge";
import { formatDate, formatGoal } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
import { errorCodeOf, fieldErrorsOf, useTRPC } from "../trpc";

const inputFields = ["value", "respondents", "numerator", "denominator"] as const;
type InputField = (typeof inputFields)[number];

interface EntryInput {
  value: string;
  respondents: string;
  numerator: string;
  denominator: string;
  comment: string;
}
interface FormValues {
  entries: Record<string, EntryInput>;
}

type FormData = NonNullable<ReturnType<typeof usePeriodForm>["data"]>;
type IndicatorEntry = FormData["indicators"][number];

function usePeriodForm(periodId: number) {
  const trpc = useTRPC();
  return useQuery(trpc.results.periodForm.queryOptions({ periodId }));
}

function initialEntry(existing: IndicatorEntry["existing"]): EntryInput {
  const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
  return {
    value: existing && existing.numerator === null ? text(existing.value) : "",
    respondents: text(existing?.respondents),
    numerator: text(existing?.numerator),
    denominator: text(existing?.denominator),
    comment: existing?.comment ?? "",
  };
}

const fieldsFor = { count: ["value"], score: ["value", "respondents"], percentage: ["numerator", "denominator"] } as const;

/** What one indicator's inputs mean right now: parse errors, range errors, and the status they would give. */
function assess(item: IndicatorEntry, input: EntryInput | undefined, form: FormData) {
  const fields = fieldsFor[item.indicator.measure];
  const blank = !input || (fields.every((f) => input[f].trim() === "") && input.comment.trim() === "");
  if (blank) return { blank: true as const };
  const errors: Partial<Record<ResultField, string>> = {};
  const entered: EnteredValues = { value: null, respondents: null, numerator: null, denominator: null };
  for (const field of fields) {
    const raw = input[field];
    if (raw.trim() === "") continue;
    const parsed = parseDecimalInput(raw);
    if (parsed.ok) entered[field] = parsed.value;
    else errors[field] = parsed.message;
  }
  if (Object.keys(errors).length > 0) return { blank: false as const, errors, entered };
  const check = checkEnteredValues(item.indicator, entered);
  if (!check.ok) return { blank: false as const, errors: check.fieldErrors, entered };
  const progress = progressAtPeriodEnd({
    indicator: item.indicator,
    pilot: form.pilot,
    tolerancePercent: form.tolerancePercent,
    period: form.period,
    values: check.values,
    otherResults: item.otherResults,
  });
  const needsComment = progress.needsExplanation && input.comment.trim() === "";
  const commentErrors: Partial<Record<ResultField, string>> = needsComment ? { comment: "Below goal or expected progress: explain the factors behind it." } : {};
  return {
    blank: false as const,
    errors: commentErrors,
    entered,
    values: check.values,
    progress,
  };
}

export function PeriodEntryPage() {
  const { pilotId, periodId } = useParams();
  const form = usePeriodForm(Number(periodId));
  const [outcome, setOutcome] = useState<string | null>(null);
  usePageTitle(form.data ? `Results for ${form.data.period.label}` : "Enter results");
  if (form.isPending) return <Loading what="the period form" />;
  if (form.isError) return <ErrorMessage error={form.error} retry={() => form.refetch()} />;
  if (String(form.data.pilot.id) !== pilotId) return <ErrorMessage error={new Error("This period belongs to another pilot.")} />;
  // Re-mount the form when fresh data arrives after a save or a reload; the outcome message outlives it.
  return <PeriodForm key={form.dataUpdatedAt} data={form.data} reload={() => form.refetch()} outcome={outcome} setOutcome={setOutcome} />;
}

function PeriodForm({ data, reload, outcome, setOutcome }: { data: FormData; reload: () => void; outcome: string | null; setOutcome: (message: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [serverErrors, setServerErrors] = useState<Record<string, Partial<Record<ResultField, string>>>>({});
  const [submitted, setSubmitted] = useState(false);
  const defaultValues = useMemo<FormValues>(
    () => ({
      entries: Object.fromEntries(data.indicators.map((item) => [String(item.indicator.id), initialEntry(item.existing)])),
    }),
    [data],
  );
  const { register, handleSubmit, control, formState, reset } = useForm<FormValues>({ defaultValues });
  const watched = useWatch({ control });
  const assessments = new Map(data.indicators.map((item) => [item.indicator.id, assess(item, watched.entries?.[String(item.indicator.id)] as EntryInput | undefined, data)]));

  useEffect(() => {
    if (!formState.isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [formState.isDirty]);

  const save = useMutation(
    trpc.results.savePeriod.mutationOptions({
      onSuccess: async (result) => {
        setOutcome(`Saved ${result.saved} result${result.saved === 1 ? "" : "s"}${result.unchanged ? ` (${result.unchanged} unchanged)` : ""}.`);
        setServerErrors({});
        reset(undefined, { keepValues: true });
        await queryClient.invalidateQueries();
      },
      onError: (error, variables) => {
        setOutcome(null);
        const byIndicator: Record<string, Partial<Record<ResultField, string>>> = {};
        for (const [key, message] of Object.entries(fieldErrorsOf(error))) {
          const match = /^entries\.(\d+)\.(\w+)$/.exec(key);
          const entry = match ? variables.entries[Number(match[1])] : undefined;
          if (entry && match) byIndicator[entry.indicatorId] = { ...byIndicator[entry.indicatorId], [match[2] as ResultField]: message };
        }
        setServerErrors(byIndicator);
      },
    }),
  );

  const onSubmit = (values: FormValues) => {
    setSubmitted(true);
    setOutcome(null);
    const entries = data.indicators.flatMap((item) => {
      const assessment = assessments.get(item.indicator.id)!;
      if (assessment.blank || item.indicator.fromStakeholderRegister) return [];
      const input = values.entries[String(item.indicator.id)]!;
      return [{ indicatorId: item.indicator.id, expectedVersion: item.existing?.version ?? null, ...assessment.entered!, comment: input.comment }];
    });
    const invalid = [...assessments.values()].some((a) => !a.blank && Object.keys(a.errors).length > 0);
    if (invalid || entries.length === 0) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    save.mutate({ periodId: data.period.id, entries });
  };

  const clientErrorCount = [...assessments.values()].filter((a) => !a.blank && Object.keys(a.errors).length > 0).length;
  const nothingEntered = [...assessments.values()].every((a) => a.blank);
  const conflict = errorCodeOf(save.error) === "CONFLICT";
  const can = useCan();
  const target = { projectId: data.projectId, pilotId: data.pilot.id };
  // Submitted and approved periods are locked, and only coordinators (and administrators) enter results:
  // the form is then shown read-only. The server refuses a save either way.
  const mayEdit = isEditable(data.report.state) && can("enterResults", target);

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${data.pilot.id}`}>{data.pilot.title}</Link> {data.pilot.isFictional && <FictionalBadge />}
        </p>
        <h1>Results for {data.period.label}</h1>
        <p className="muted">
          {formatDate(data.period.startDate)} – {formatDate(data.period.endDate)} · {data.period.isDue ? "due" : "in progress"}. Type numbers with a comma or a point (8,6 or 8.6). A
          value below its goal or its expected progress needs a comment explaining why.
        </p>
      </div>
      <ReviewPanel periodId={data.period.id} target={target} report={data.report} />
      {!mayEdit && (
        <p className="muted" role="note">
          {isEditable(data.report.state) ? "Your role lets you read these results, not change them." : "This period's results cannot change while it is submitted or approved."}
        </p>
      )}
      {data.indicators.length === 0 ? (
        <EmptyState>
          This pilot has no indicators yet. <Link to={`/pilots/${data.pilot.id}/setup`}>Add them first</Link>.
        </EmptyState>
      ) : (
        <form onSubmit={handleSubmit(onSubmit)} noValidate className="period-form">
          {data.indicators.map((item) =>
            item.indicator.fromStakeholderRegister ? (
              <fieldset key={item.indicator.id} className="card indicator-fieldset" disabled>
                <legend>{item.indicator.name}</legend>
                <p className="muted small">
                  Computed from the stakeholder register
                  {item.existing ? `: ${item.existing.numerator} of ${item.existing.denominator} (${formatPercent(item.existing.value, 2)})` : ": nothing recorded for this period yet"}.{" "}
                  <Link to={`/pilots/${data.pilot.id}/stakeholders`}>Record involvement on the Stakeholders page</Link>.
                </p>
              </fieldset>
            ) : (
            <IndicatorFieldset
              key={item.indicator.id}
              item={item}
              register={register}
              assessment={assessments.get(item.indicator.id)!}
              showErrors={submitted}
              readOnly={!mayEdit}
              serverErrors={serverErrors[item.indicator.id] ?? {}}
            />
            ),
          )}

          {mayEdit && (
          <div className="form-footer">
            <div aria-live="polite" className="form-messages">
              {outcome && (
                <p className="success" role="status">
                  <span aria-hidden="true">✔</span> {outcome} <Link to={`/pilots/${data.pilot.id}`}>Back to the pilot page</Link>
                </p>
              )}
              {submitted && clientErrorCount > 0 && (
                <p className="field-error" role="alert">
                  Nothing was saved: {clientErrorCount} indicator{clientErrorCount === 1 ? " needs" : "s need"} attention.
                </p>
              )}
              {submitted && nothingEntered && <p className="field-error">Enter at least one result.</p>}
              {save.error && (
                <div className="error-box" role="alert">
                  <p>{save.error.message}</p>
                  {conflict && (
                    <button type="button" onClick={reload}>
                      Reload the latest values
                    </button>
                  )}
                </div>
              )}
            </div>
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save results"}
            </button>
          </div>
          )}
        </form>
      )}
    </>
  );
}

const fieldLabels: Record<InputField, string> = { value: "Result", respondents: "Respondents", numerator: "Numerator", denominator: "Denominator" };

function IndicatorFieldset({
  item,
  register,
  assessment,
  showErrors,
  readOnly,
  serverErrors,
}: {
  item: IndicatorEntry;
  register: UseFormRegister<FormValues>;
  assessment: ReturnType<typeof assess>;
  showErrors: boolean;
  readOnly: boolean;
  serverErrors: Partial<Record<ResultField, string>>;
}) {
  const { indicator } = item;
  const id = `indicator-${indicator.id}`;
  const errors = assessment.blank ? {} : assessment.errors;
  // Parse and range errors show at once; the missing comment only after a save attempt.
  const errorFor = (field: ResultField) => (field === "comment" && !showErrors ? undefined : errors[field]) ?? serverErrors[field];
  const labels: Partial<Record<InputField, string>> =
    indicator.measure === "score"
      ? { value: `Mean score (${formatNumber(indicator.scaleMin)}–${formatNumber(indicator.scaleMax)})`, respondents: "Respondents" }
      : indicator.measure === "percentage"
        ? { numerator: "Numerator", denominator: "Denominator" }
        : { value: `Result this period${indicator.unit ? ` (${indicator.unit})` : ""}` };
  const percentage =
    indicator.measure === "percentage" && !assessment.blank && assessment.entered && assessment.entered.numerator !== null && assessment.entered.denominator
      ? (100 * assessment.entered.numerator) / assessment.entered.denominator
      : null;
  const commentError = errorFor("comment");
  const commentRequired = !assessment.blank && assessment.progress?.needsExplanation;
  return (
    <fieldset className="card indicator-fieldset" aria-describedby={`${id}-goal`} disabled={readOnly}>
      <legend>{indicator.name}</legend>
      <p id={`${id}-goal`} className="muted small">
        Goal {formatGoal(indicator)}
        {indicator.measure === "count" && (indicator.cumulation === "to_date" ? " · enter the total to date" : " · enter this period's amount")}
        {indicator.measure === "percentage" && (indicator.cumulation === "to_date" ? " · the share to date" : " · this period's share")}
        {item.existing && (
          <>
            {` · last saved by ${item.existing.enteredBy} · `}
            <Link to={`/results/${item.existing.id}`} aria-label={`History and comments: ${indicator.name}`}>
              History and comments
            </Link>
          </>
        )}
      </p>
      <div className="field-row">
        {(Object.keys(labels) as InputField[]).map((field) => {
          const fieldId = `${id}-${field}`;
          const error = errorFor(field);
          return (
            <div className="field" key={field}>
              <label htmlFor={fieldId}>{labels[field] ?? fieldLabels[field]}</label>
              <input
                id={fieldId}
                inputMode={field === "respondents" ? "numeric" : "decimal"}
                autoComplete="off"
                aria-label={`${indicator.name}: ${labels[field]}`}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={`${fieldId}-error`}
                {...register(`entries.${indicator.id}.${field}`)}
              />
              <p id={`${fieldId}-error`} className="field-error">
                {error ?? ""}
              </p>
            </div>
          );
        })}
        {indicator.measure === "percentage" && (
          <p className="computed" aria-live="polite">
            = {percentage === null ? "–" : formatPercent(percentage, 2)}
          </p>
        )}
      </div>
      {!assessment.blank && assessment.progress && (
        <p className="preview" aria-live="polite">
          With this value: <StatusBadge status={assessment.progress.status} />
          {assessment.progress.current !== null && (
            <span className="muted">
              {" "}
              · result to date {formatNumber(assessment.progress.current)}
              {indicator.measure === "count" ? ` of ${formatNumber(assessment.progress.target)} expected by the period's end` : ""}
            </span>
          )}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-comment`}>
          Comment{commentRequired ? " (required)" : ""}
          {commentRequired && <span className="muted small"> — {statusLabels[assessment.progress!.status].toLowerCase()}: explain the factors behind it</span>}
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          aria-label={`${indicator.name}: comment`}
          aria-invalid={commentError ? "true" : undefined}
          aria-describedby={`${id}-comment-error`}
          aria-required={commentRequired || undefined}
          {...register(`entries.${indicator.id}.comment`)}
        />
        <p id={`${id}-comment-error`} className="field-error">
          {commentError ?? ""}
        </p>
      </div>
    </fieldset>
  );
}
