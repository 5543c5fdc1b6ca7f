import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch, type UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { message, type Message } from "../../../shared/i18n/message";
import { formatNumberForInput, parseLocaleNumber } from "../../../shared/numbers";
import { checkEnteredValues, missingExplanation, progressAtPeriodEnd, type EnteredValues, type ResultField, type ResultFieldErrors } from "../../../shared/resultRules";
import { growsOverTime } from "../../../shared/progress";
import { isEditable } from "../../../shared/review";
import { MAX_MAGNITUDE } from "../../../shared/schemas";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { ReviewPanel } from "../components/ReviewPanel";
import { EvidenceSection, usePeriodEvidence } from "../components/EvidenceSection";
import { useCan } from "../hooks/useMe";
import { FictionalBadge, StatusBadge } from "../components/StatusBadge";
import { useFormatters } from "../i18n/useFormatters";
import { usePageTitle } from "../hooks/usePageTitle";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
import { errorCodeOf, fieldErrorsOf, useTRPC } from "../trpc";

const inputFields = ["value", "respondents", "numerator", "denominator"] as const;
type InputField = (typeof inputFields)[number];

interface EntryInput {
  value: string;
  respondents: string;
  numerator: string;
  denominator: string;
  comment: string;
  /** The coordinator confirms an unusual figure the server asked about (shared/signals.ts). */
  confirmed: boolean;
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

/** The saved values, written the page's language's way ("8,6" in Italian) so that they read and parse back as typed. */
function initialEntry(existing: IndicatorEntry["existing"], locale: string): EntryInput {
  const text = (value: number | null | undefined) => formatNumberForInput(value, locale);
  return {
    value: existing && existing.numerator === null ? text(existing.value) : "",
    respondents: text(existing?.respondents),
    numerator: text(existing?.numerator),
    denominator: text(existing?.denominator),
    comment: existing?.comment ?? "",
    confirmed: false,
  };
}

/** The inputs an indicator's entry shows: by measure, and for direct percentages (with their base) and indices, by entry form. */
function fieldsOf(indicator: IndicatorEntry["indicator"]): readonly InputField[] {
  if (indicator.measure === "percentage") return indicator.entryForm === "direct_percentage" ? ["value", "respondents"] : ["numerator", "denominator"];
  if (indicator.measure === "score") return indicator.entryForm === "index" ? ["value"] : ["value", "respondents"];
  return ["value"];
}

/** What one indicator's inputs mean right now: parse errors, range errors, and the status they would give. */
function assess(item: IndicatorEntry, input: EntryInput | undefined, form: FormData, locale: string) {
  const fields = fieldsOf(item.indicator);
  const blank = !input || (fields.every((f) => input[f].trim() === "") && input.comment.trim() === "");
  if (blank) return { blank: true as const };
  const errors: ResultFieldErrors = {};
  const entered: EnteredValues = { value: null, respondents: null, numerator: null, denominator: null };
  for (const field of fields) {
    const raw = input[field];
    if (raw.trim() === "") continue;
    const parsed = parseLocaleNumber(raw, locale);
    // The server's inclusive limit (shared/schemas.ts), said the same way before saving.
    if (parsed.ok && Math.abs(parsed.value) > MAX_MAGNITUDE) errors[field] = message("validation.tooLarge");
    else if (parsed.ok) entered[field] = parsed.value;
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
  const explanation = missingExplanation(progress, input.comment);
  const commentErrors: ResultFieldErrors = explanation ? { comment: explanation } : {};
  return {
    blank: false as const,
    errors: commentErrors,
    entered,
    values: check.values,
    progress,
  };
}

/** The inputs a field error can sit beside, in form order. */
const shownFields = ["value", "respondents", "numerator", "denominator", "comment"] as const;

/** A field's problem: a message from the shared rules, or the server's words (already in the page's language). */
type FieldProblem = Message | string;

export function PeriodEntryPage() {
  const { pilotId, periodId } = useParams();
  const { t } = useTranslation();
  const form = usePeriodForm(Number(periodId));
  // Kept as a message so that it follows a change of language; it outlives the form's re-mount after a save.
  const [outcome, setOutcome] = useState<Message | null>(null);
  usePageTitle(form.data ? t("entry.pageTitle", { period: form.data.period.label }) : t("entry.pageTitleLoading"));
  if (form.isPending) return <Loading what={t("entry.loading")} />;
  if (form.isError) return <ErrorMessage error={form.error} retry={() => form.refetch()} />;
  if (String(form.data.pilot.id) !== pilotId) return <ErrorMessage error={new Error(t("entry.otherPilot"))} />;
  // Re-mount the form when fresh data arrives after a save or a reload; the outcome message outlives it.
  return <PeriodForm key={form.dataUpdatedAt} data={form.data} reload={() => form.refetch()} outcome={outcome} setOutcome={setOutcome} />;
}

function PeriodForm({ data, reload, outcome, setOutcome }: { data: FormData; reload: () => void; outcome: Message | null; setOutcome: (message: Message | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const f = useFormatters();
  const [serverErrors, setServerErrors] = useState<Record<string, Partial<Record<ResultField, string>>>>({});
  // The server's questions about unusual figures, per indicator, already in the page's language.
  const [questions, setQuestions] = useState<Record<string, string[]>>({});
  const [submitted, setSubmitted] = useState(false);
  // True when every field error of the last refusal sits beside its input: the summary then lists them and
  // the server's sentence (which cannot say which indicator) is not repeated in a banner.
  const [refusalOnFields, setRefusalOnFields] = useState(false);
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: written once per form; a change of language later does not rewrite what was typed.
  const defaultValues = useMemo<FormValues>(
    () => ({
      entries: Object.fromEntries(data.indicators.map((item) => [String(item.indicator.id), initialEntry(item.existing, f.locale)])),
    }),
    // Written once per form: a change of language later does not rewrite what was typed.
    [data],
  );
  const { register, handleSubmit, control, formState, reset } = useForm<FormValues>({ defaultValues });
  const watched = useWatch({ control });
  const assessments = new Map(
    data.indicators.map((item) => [item.indicator.id, assess(item, watched.entries?.[String(item.indicator.id)] as EntryInput | undefined, data, f.locale)]),
  );
  useUnsavedChangesWarning(formState.isDirty);

  // Asked about an unusual figure, the coordinator lands on the first confirmation (once it is drawn).
  useEffect(() => {
    if (Object.keys(questions).length > 0) document.querySelector<HTMLElement>(".plausibility-question input[type='checkbox']")?.focus();
  }, [questions]);

  // After a save the form is rebuilt from the fresh data and the focus would fall back to the page:
  // it goes to the confirmation instead, so that keyboard and screen reader users learn the outcome.
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (outcome && outcomeRef.current && (lost || document.activeElement?.closest("form") === outcomeRef.current.closest("form"))) outcomeRef.current.focus();
  }, [outcome]);

  const save = useMutation(
    trpc.results.savePeriod.mutationOptions({
      onSuccess: async (result) => {
        setOutcome(result.unchanged ? message("entry.savedSomeUnchanged", { count: result.saved, unchanged: result.unchanged }) : message("entry.saved", { count: result.saved }));
        setServerErrors({});
        setQuestions({});
        reset(undefined, { keepValues: true });
        await queryClient.invalidateQueries();
      },
      onError: (error, variables) => {
        setOutcome(null);
        const byIndicator: Record<string, Partial<Record<ResultField, string>>> = {};
        const asked: Record<string, string[]> = {};
        const keys = Object.entries(fieldErrorsOf(error));
        let placed = 0;
        for (const [key, problem] of keys) {
          const question = /^entries\.(\d+)\.plausibility\d*$/.exec(key);
          const askedOf = question ? variables.entries[Number(question[1])] : undefined;
          if (askedOf) {
            (asked[askedOf.indicatorId] ??= []).push(problem);
            continue;
          }
          const match = /^entries\.(\d+)\.(\w+)$/.exec(key);
          const entry = match ? variables.entries[Number(match[1])] : undefined;
          if (entry && match) byIndicator[entry.indicatorId] = { ...byIndicator[entry.indicatorId], [match[2] as ResultField]: problem };
          if (entry && match && (shownFields as readonly string[]).includes(match[2]!)) placed++;
        }
        setRefusalOnFields(placed > 0 && placed === keys.length);
        setSubmitted(true);
        setServerErrors(byIndicator);
        setQuestions(asked);
        requestAnimationFrame(() => (document.querySelector<HTMLElement>("[aria-invalid='true']") ?? summaryRef.current)?.focus());
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
      return [
        {
          indicatorId: item.indicator.id,
          expectedVersion: item.existing?.version ?? null,
          ...assessment.entered!,
          comment: input.comment,
          ...(input.confirmed ? { plausibilityConfirmed: true } : {}),
        },
      ];
    });
    const invalid = [...assessments.values()].some((a) => !a.blank && Object.keys(a.errors).length > 0);
    if (invalid || entries.length === 0) {
      // The first field to correct takes the focus; the summary above the button says why, as an alert.
      requestAnimationFrame(() => (document.querySelector<HTMLElement>("[aria-invalid='true']") ?? summaryRef.current)?.focus());
      return;
    }
    save.mutate({ periodId: data.period.id, entries });
  };

  const clientErrorCount = data.indicators.filter((item) => {
    const a = assessments.get(item.indicator.id)!;
    return (!a.blank && Object.keys(a.errors).length > 0) || Object.keys(serverErrors[item.indicator.id] ?? {}).length > 0;
  }).length;
  const nothingEntered = [...assessments.values()].every((a) => a.blank);
  const conflict = errorCodeOf(save.error) === "CONFLICT";
  const can = useCan();
  const target = { projectId: data.projectId, pilotId: data.pilot.id };
  // Submitted and approved periods are locked, and only coordinators (and administrators) enter results:
  // the form is then shown read-only. The server refuses a save either way.
  const mayEdit = isEditable(data.report.state) && can("enterResults", target);
  const evidence = usePeriodEvidence(data.period.id);
  // Every problem shown after a save attempt, in form order, each linked to its field.
  const problems = submitted
    ? data.indicators.flatMap((item) => {
        const assessment = assessments.get(item.indicator.id)!;
        const own: Partial<Record<ResultField, FieldProblem>> = { ...(assessment.blank ? {} : assessment.errors), ...serverErrors[item.indicator.id] };
        return shownFields.flatMap((field) => (own[field] ? [{ id: `indicator-${item.indicator.id}-${field}`, indicator: item.indicator.name, field, problem: own[field]! }] : []));
      })
    : [];

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/pilots/${data.pilot.id}`}>{data.pilot.title}</Link> {data.pilot.isFictional && <FictionalBadge />}
        </p>
        <h1>{t("entry.heading", { period: data.period.label })}</h1>
        <p className="muted">
          {t("entry.dates", { start: f.date(data.period.startDate), end: f.date(data.period.endDate) })} · {data.period.isDue ? t("entry.due") : t("entry.inProgress")}.{" "}
          <span id="number-hint">{t("entry.numberHint", { decimal: f.number(8.6), grouped: f.number(12345.5) })}</span> {t("entry.commentRule")}
        </p>
      </div>
      <ReviewPanel periodId={data.period.id} target={target} report={data.report} />
      {!mayEdit && (
        <p className="muted" role="note">
          {isEditable(data.report.state) ? t("entry.readOnlyRole") : t("entry.locked")}
        </p>
      )}
      {data.indicators.length === 0 ? (
        <EmptyState>
          {t("entry.noIndicators")} <Link to={`/pilots/${data.pilot.id}/setup`}>{t("entry.addIndicatorsFirst")}</Link>
        </EmptyState>
      ) : (
        <form onSubmit={handleSubmit(onSubmit)} noValidate className="period-form">
          {data.indicators.map((item) =>
            item.indicator.fromStakeholderRegister ? (
              <fieldset key={item.indicator.id} className="card indicator-fieldset" disabled>
                <legend>{item.indicator.name}</legend>
                <p className="muted small">
                  {item.existing
                    ? t("entry.fromRegister", { numerator: item.existing.numerator ?? 0, denominator: item.existing.denominator ?? 0, share: item.existing.value })
                    : t("entry.fromRegisterNothing")}{" "}
                  <Link to={`/pilots/${data.pilot.id}/stakeholders`}>{t("entry.recordOnStakeholdersPage")}</Link>
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
                meansOfVerification={evidence.data?.indicators.find((e) => e.indicatorId === item.indicator.id)?.meansOfVerification ?? ""}
                serverErrors={serverErrors[item.indicator.id] ?? {}}
                questions={questions[item.indicator.id] ?? []}
              />
            ),
          )}

          {mayEdit && (
            <div className="form-footer">
              <div aria-live="polite" className="form-messages">
                {outcome && (
                  <p className="success" role="status" tabIndex={-1} ref={outcomeRef}>
                    <span aria-hidden="true">✔</span> {f.message(outcome)} <Link to={`/pilots/${data.pilot.id}`}>{t("entry.backToPilot")}</Link>
                  </p>
                )}
                <div ref={summaryRef} tabIndex={-1} className="error-summary">
                  {submitted && clientErrorCount > 0 && (
                    <div role="alert">
                      <p className="field-error">{t("entry.needAttention", { count: clientErrorCount })}</p>
                      <ul className="error-list">
                        {problems.map((p) => (
                          <li key={p.id}>
                            <a
                              href={`#${p.id}`}
                              onClick={(event) => {
                                event.preventDefault();
                                document.getElementById(p.id)?.focus();
                              }}
                            >
                              {t("entry.problemOf", { indicator: p.indicator, field: t(`entry.fields.${p.field}`), problem: f.message(p.problem) })}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {submitted && nothingEntered && (
                    <p className="field-error" role="alert">
                      {t("entry.enterAtLeastOne")}
                    </p>
                  )}
                </div>
                {save.error && !refusalOnFields && (
                  <div className="error-box" role="alert">
                    <p>{save.error.message}</p>
                    {conflict && (
                      <button type="button" onClick={reload}>
                        {t("entry.reload")}
                      </button>
                    )}
                  </div>
                )}
              </div>
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? t("entry.saving") : t("entry.save")}
              </button>
            </div>
          )}
        </form>
      )}
      {data.indicators.length > 0 && <EvidenceSection periodId={data.period.id} mayEdit={mayEdit} />}
    </>
  );
}

function IndicatorFieldset({
  item,
  register,
  assessment,
  showErrors,
  readOnly,
  serverErrors,
  meansOfVerification,
  questions,
}: {
  item: IndicatorEntry;
  register: UseFormRegister<FormValues>;
  assessment: ReturnType<typeof assess>;
  showErrors: boolean;
  readOnly: boolean;
  serverErrors: Partial<Record<ResultField, string>>;
  meansOfVerification: string;
  /** The server's questions about an unusual figure: the coordinator confirms or corrects. */
  questions: readonly string[];
}) {
  const { t } = useTranslation();
  const f = useFormatters();
  const { indicator } = item;
  const id = `indicator-${indicator.id}`;
  const errors: Partial<Record<ResultField, FieldProblem>> = assessment.blank ? {} : assessment.errors;
  // Parse and range errors show at once; the missing comment only after a save attempt.
  const errorFor = (field: ResultField) => (field === "comment" && !showErrors ? undefined : errors[field]) ?? serverErrors[field];
  const scale = { min: indicator.scaleMin ?? 0, max: indicator.scaleMax ?? 0 };
  const labels: Partial<Record<InputField, string>> =
    indicator.measure === "score"
      ? indicator.entryForm === "index"
        ? { value: t("entry.fields.indexValue", scale) }
        : { value: t("entry.fields.meanScore", scale), respondents: t("entry.fields.respondents") }
      : indicator.measure === "percentage"
        ? indicator.entryForm === "direct_percentage"
          ? { value: t("entry.fields.percentValue"), respondents: t("entry.fields.base") }
          : { numerator: t("entry.fields.numerator"), denominator: t("entry.fields.denominator") }
        : { value: indicator.unit ? t("entry.fields.resultThisPeriodIn", { unit: indicator.unit }) : t("entry.fields.resultThisPeriod") };
  const fractionEntry = indicator.measure === "percentage" && indicator.entryForm !== "direct_percentage";
  const percentage =
    fractionEntry && !assessment.blank && assessment.entered && assessment.entered.numerator !== null && assessment.entered.denominator
      ? (100 * assessment.entered.numerator) / assessment.entered.denominator
      : null;
  const commentError = errorFor("comment");
  const commentRequired = !assessment.blank && assessment.progress?.needsExplanation;
  const howToEnter =
    indicator.measure === "count"
      ? indicator.cumulation === "to_date"
        ? t("entry.enterTotalToDate")
        : indicator.cumulation === "level"
          ? t("entry.enterLevel")
          : t("entry.enterPeriodAmount")
      : indicator.measure === "percentage"
        ? indicator.cumulation === "to_date"
          ? t("entry.shareToDate")
          : t("entry.periodShare")
        : null;
  return (
    <fieldset className="card indicator-fieldset" aria-describedby={`${id}-goal`} disabled={readOnly}>
      <legend>{indicator.name}</legend>
      <p id={`${id}-goal`} className="muted small">
        {t("entry.goal", { goal: f.goal(indicator) })}
        {howToEnter && ` · ${howToEnter}`}
        {indicator.delivery === "at_end" && ` · ${t("entry.dueAtEnd")}`}
        {item.existing && (
          <>
            {` · ${t("entry.lastSavedBy", { name: item.existing.enteredBy })} · `}
            <Link to={`/results/${item.existing.id}`} aria-label={t("entry.historyOf", { indicator: indicator.name })}>
              {t("entry.history")}
            </Link>
          </>
        )}
      </p>
      {meansOfVerification && <p className="muted small means-of-verification">{t("evidence.expected", { means: meansOfVerification })}</p>}
      <div className="field-row">
        {(Object.keys(labels) as InputField[]).map((field) => {
          const fieldId = `${id}-${field}`;
          const error = errorFor(field);
          // The number read, in the page's language's format, as the set-up forms' NumberInput says it: a habit
          // from another language ("2.500" meant as 2.5) shows before saving.
          const read = assessment.blank || error ? null : (assessment.entered?.[field] ?? null);
          return (
            <div className="field" key={field}>
              <label htmlFor={fieldId}>{labels[field]}</label>
              <input
                id={fieldId}
                inputMode={field === "respondents" ? "numeric" : "decimal"}
                autoComplete="off"
                aria-label={t("entry.fieldOf", { indicator: indicator.name, field: labels[field] })}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={`${fieldId}-read ${fieldId}-error number-hint`}
                {...register(`entries.${indicator.id}.${field}`)}
              />
              <p id={`${fieldId}-read`} className="muted small number-read">
                {read === null ? "" : t("numbers.readAs", { value: f.number(read, 6) })}
              </p>
              <p id={`${fieldId}-error`} className="field-error">
                {f.message(error)}
              </p>
            </div>
          );
        })}
        {fractionEntry && (
          <p className="computed" aria-live="polite">
            = {percentage === null ? "–" : f.percent(percentage, 2)}
          </p>
        )}
      </div>
      {questions.length > 0 && (
        <div className="plausibility-question" role="group" aria-labelledby={`${id}-question`}>
          <p id={`${id}-question`}>
            <strong>
              <span aria-hidden="true">⚠</span> {t("signals.plausibility.heading")}
            </strong>{" "}
            {t("signals.plausibility.question")}
          </p>
          <ul id={`${id}-question-list`}>
            {questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
          <label className="checkbox">
            <input type="checkbox" id={`${id}-confirm`} aria-invalid="true" aria-describedby={`${id}-question-list`} {...register(`entries.${indicator.id}.confirmed`)} />{" "}
            {t("signals.plausibility.confirm")}
          </label>
        </div>
      )}
      {item.existing?.plausibilityConfirmation && questions.length === 0 && (
        <div className="plausibility-confirmed small">
          <p>
            <span aria-hidden="true">☑</span> {t("signals.plausibility.confirmedBy", { name: item.existing.enteredBy })}
          </p>
          <ul>
            {item.existing.plausibilityConfirmation.messages.map((m) => (
              <li key={m.key}>{f.message(m)}</li>
            ))}
          </ul>
        </div>
      )}
      {!assessment.blank && assessment.progress && (
        <p className="preview" aria-live="polite">
          {t("entry.withThisValue")} <StatusBadge status={assessment.progress.status} label={t(`status.${assessment.progress.status}`)} />
          {assessment.progress.current !== null && (
            <span className="muted">
              {" · "}
              {growsOverTime(indicator) || assessment.progress.target !== indicator.goal
                ? t("entry.resultToDateOfExpected", { current: assessment.progress.current, target: assessment.progress.target ?? 0 })
                : t("entry.resultToDate", { current: assessment.progress.current })}
            </span>
          )}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-comment`}>
          {commentRequired ? t("entry.fields.commentRequired") : t("entry.fields.comment")}
          {commentRequired && <span className="muted small"> — {t("entry.commentWhy", { status: t(`status.${assessment.progress!.status}`) })}</span>}
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          aria-label={t("entry.commentOf", { indicator: indicator.name })}
          aria-invalid={commentError ? "true" : undefined}
          aria-describedby={`${id}-comment-error`}
          aria-required={commentRequired || undefined}
          {...register(`entries.${indicator.id}.comment`)}
        />
        <p id={`${id}-comment-error`} className="field-error">
          {f.message(commentError)}
        </p>
      </div>
    </fieldset>
  );
}
