import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  deliveryProfiles,
  goalDirections,
  indicatorKinds,
  levelAggregations,
  measures,
  milestoneShapes,
  type Cumulation,
  type DeliveryProfile,
  type EntryForm,
  type GoalDirection,
  type IndicatorKind,
  type LevelAggregation,
  type Measure,
  type MilestoneShape,
  revisionReasonCodes,
  type RevisionReasonCode,
} from "../../../shared/domain";
import { indicatorFields, revisionReason, type IndicatorFields } from "../../../shared/schemas";
import { revisedFieldsChanged } from "../../../shared/revisions";
import { FormField } from "../components/FormField";
import { numberFromText, validate } from "../formErrors";
import { FormActions } from "../components/FormActions";
import { useFormatters } from "../i18n/useFormatters";
import { NumberInput } from "../components/NumberInput";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
import { fieldErrorsOf, useTRPC } from "../trpc";

export interface EditableIndicator {
  id: number;
  version: number;
  code: string | null;
  name: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation: Cumulation;
  unit: string;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  goalText: string;
  scaleMin: number | null;
  scaleMax: number | null;
  displayOrder: number;
  fromStakeholderRegister: boolean;
  levelAggregation: LevelAggregation;
  entryForm: EntryForm;
  wholeNumbers: boolean;
  delivery: DeliveryProfile;
  milestoneShape: MilestoneShape;
  milestones: { date: string; target: number }[];
  resultCount?: number;
}

interface IndicatorFormValues {
  code: string;
  name: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation: Cumulation;
  unit: string;
  baseline: string;
  goal: string;
  goalDirection: GoalDirection;
  goalText: string;
  scaleMin: string;
  scaleMax: string;
  displayOrder: string;
  fromStakeholderRegister: boolean;
  levelAggregation: LevelAggregation;
  entryForm: EntryForm;
  wholeNumbers: boolean;
  delivery: DeliveryProfile;
  milestoneShape: MilestoneShape;
  milestones: { date: string; target: string }[];
  /** Asked only once results exist (docs/decisions/022): why goal, baseline or milestones change. */
  reasonCode: RevisionReasonCode | "";
  reasonText: string;
}

/** Which entry forms each measure offers (shared/domain.ts `entryForms`). */
const entryFormsOf: Record<Measure, readonly EntryForm[]> = {
  count: ["standard"],
  score: ["standard", "index"],
  percentage: ["standard", "direct_percentage"],
};
const cumulationsOf: Record<Measure, readonly Cumulation[]> = {
  count: ["increments", "to_date", "level"],
  score: ["increments"],
  percentage: ["increments", "to_date"],
};

/** `onDone(true)` once the indicator is saved, `onDone(false)` when the person cancels. */
export function IndicatorForm({ pilotId, indicator, onDone }: { pilotId: number; indicator?: EditableIndicator; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const f = useFormatters();
  // Numbers are shown for editing the reader's way ("8,6" in Italian), without grouping, which numberFromText reads back.
  const text = (value: number | null | undefined) =>
    value === null || value === undefined ? "" : value.toLocaleString(f.locale, { useGrouping: false, maximumFractionDigits: 20 });
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit, control, formState } = useForm<IndicatorFormValues>({
    defaultValues: indicator
      ? {
          ...indicator,
          code: indicator.code ?? "",
          baseline: text(indicator.baseline),
          goal: text(indicator.goal),
          scaleMin: text(indicator.scaleMin),
          scaleMax: text(indicator.scaleMax),
          displayOrder: text(indicator.displayOrder),
          milestones: indicator.milestones.map((m) => ({ date: m.date, target: text(m.target) })),
          reasonCode: "",
          reasonText: "",
        }
      : {
          code: "",
          name: "",
          kind: "quantitative",
          measure: "count",
          cumulation: "increments",
          unit: "",
          baseline: "0",
          goal: "",
          goalDirection: "at_least",
          goalText: "",
          scaleMin: "1",
          scaleMax: "10",
          displayOrder: "",
          fromStakeholderRegister: false,
          levelAggregation: "latest",
          entryForm: "standard",
          wholeNumbers: false,
          delivery: "linear",
          milestoneShape: "interpolated",
          milestones: [],
          reasonCode: "",
          reasonText: "",
        },
  });
  const milestoneRows = useFieldArray({ control, name: "milestones" });
  const unsaved = useUnsavedChangesWarning(formState.isDirty);
  const measure = useWatch({ control, name: "measure" });
  const cumulation = useWatch({ control, name: "cumulation" });
  const delivery = useWatch({ control, name: "delivery" });
  const onSuccess = async () => {
    unsaved.saved();
    await queryClient.invalidateQueries();
    onDone(true);
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.indicators.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.indicators.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;
  const resultCount = indicator?.resultCount ?? 0;
  // Once results exist, measure and cumulation are how they are read: shown as fixed and never sent as edited.
  const locked = resultCount > 0;

  const onSubmit = (values: IndicatorFormValues) => {
    const isScore = values.measure === "score";
    const chosenMeasure = locked ? indicator!.measure : values.measure;
    const chosenCumulation = locked ? indicator!.cumulation : cumulationsOf[values.measure].includes(values.cumulation) ? values.cumulation : "increments";
    const chosenEntry = locked ? indicator!.entryForm : entryFormsOf[values.measure].includes(values.entryForm) ? values.entryForm : "standard";
    const checked = validate(indicatorFields, {
      pilotId,
      code: values.code || null,
      name: values.name,
      kind: values.kind,
      measure: chosenMeasure,
      cumulation: chosenCumulation,
      entryForm: chosenEntry,
      levelAggregation: chosenCumulation === "level" ? values.levelAggregation : "latest",
      wholeNumbers: chosenMeasure === "count" && values.wholeNumbers,
      delivery: values.delivery,
      milestoneShape: values.delivery === "milestones" ? values.milestoneShape : "interpolated",
      milestones: values.delivery === "milestones" ? values.milestones.map((m) => ({ date: m.date, target: numberFromText(m.target) })) : [],
      unit: values.unit,
      baseline: numberFromText(values.baseline, 0),
      goal: numberFromText(values.goal),
      goalDirection: values.goalDirection,
      goalText: values.goalText,
      scaleMin: isScore ? numberFromText(values.scaleMin, null) : null,
      scaleMax: isScore ? numberFromText(values.scaleMax, null) : null,
      displayOrder: values.displayOrder.trim() === "" ? undefined : Number(values.displayOrder),
      fromStakeholderRegister: values.measure === "percentage" && chosenEntry === "standard" && values.fromStakeholderRegister,
    });
    if (!checked.ok) return setErrors(checked.errors);
    // With results, a changed goal, baseline or milestones needs its reason: checked here with the shared schema, again by the server.
    const needsReason = locked && revisedFieldsChanged(indicator!, checked.data).length > 0;
    const reason = needsReason ? validate(revisionReason, { code: values.reasonCode || undefined, text: values.reasonText }) : null;
    if (reason && !reason.ok) return setErrors(Object.fromEntries(Object.entries(reason.errors).map(([field, error]) => [`revisionReason.${field}`, error])));
    setErrors({});
    if (indicator) update.mutate({ id: indicator.id, version: indicator.version, ...splitForUpdate(checked.data, locked), ...(reason?.ok ? { revisionReason: reason.data } : {}) });
    else create.mutate(checked.data);
  };
  const p = indicator ? `indicator-${indicator.id}` : "new-indicator";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid">
      <FormField id={`${p}-name`} label={t("indicatorForm.name")} error={errors.name} registration={register("name")} />
      <FormField id={`${p}-code`} label={t("indicatorForm.code")} error={errors.code} registration={register("code")} hint={t("indicatorForm.codeHint")} />
      <FormField id={`${p}-kind`} label={t("indicatorForm.kind")} as="select" error={errors.kind} registration={register("kind")}>
        {indicatorKinds.map((k) => (
          <option key={k} value={k}>
            {t(`indicatorForm.kinds.${k}`)}
          </option>
        ))}
      </FormField>
      {locked ? (
        <>
          <FixedField
            id={`${p}-measure`}
            label={t("indicatorForm.measure")}
            value={t(`labels.measure.${indicator!.measure}`)}
            reason={t("indicatorForm.fixed.measureReason", { count: resultCount })}
            error={errors.measure}
          />
          {indicator!.measure !== "score" && (
            <FixedField
              id={`${p}-cumulation`}
              label={t("indicatorForm.cumulation")}
              value={t(`labels.cumulation.${indicator!.cumulation}`)}
              reason={t("indicatorForm.fixed.cumulationReason", { count: resultCount })}
              error={errors.cumulation}
            />
          )}
          {indicator!.entryForm !== "standard" && (
            <FixedField
              id={`${p}-entry-form`}
              label={t("indicatorForm.entryForm")}
              value={t(`labels.entryForm.${indicator!.entryForm}`)}
              reason={t("indicatorForm.fixed.entryFormReason", { count: resultCount })}
              error={errors.entryForm}
            />
          )}
        </>
      ) : (
        <>
          <FormField id={`${p}-measure`} label={t("indicatorForm.measure")} as="select" error={errors.measure} registration={register("measure")}>
            {measures.map((m) => (
              <option key={m} value={m}>
                {t(`labels.measure.${m}`)}
              </option>
            ))}
          </FormField>
          {measure !== "score" && (
            <FormField id={`${p}-cumulation`} label={t("indicatorForm.cumulation")} as="select" error={errors.cumulation} registration={register("cumulation")}>
              {cumulationsOf[measure].map((c) => (
                <option key={c} value={c}>
                  {t(`labels.cumulation.${c}`)}
                </option>
              ))}
            </FormField>
          )}
          {measure !== "count" && (
            <FormField id={`${p}-entry-form`} label={t("indicatorForm.entryForm")} as="select" error={errors.entryForm} registration={register("entryForm")}>
              {entryFormsOf[measure].map((e) => (
                <option key={e} value={e}>
                  {t(`labels.entryForm.${e}`)}
                </option>
              ))}
            </FormField>
          )}
        </>
      )}
      {measure === "count" && (locked ? indicator!.cumulation : cumulation) === "level" && (
        <FormField
          id={`${p}-level-aggregation`}
          label={t("indicatorForm.levelAggregation")}
          as="select"
          error={errors.levelAggregation}
          registration={register("levelAggregation")}
        >
          {levelAggregations.map((a) => (
            <option key={a} value={a}>
              {t(`labels.levelAggregation.${a}`)}
            </option>
          ))}
        </FormField>
      )}
      {measure === "count" && (
        <div className="field">
          <label className="checkbox" htmlFor={`${p}-whole-numbers`}>
            <input id={`${p}-whole-numbers`} type="checkbox" {...register("wholeNumbers")} /> {t("indicatorForm.wholeNumbers")}
          </label>
          {errors.wholeNumbers && <p className="field-error">{errors.wholeNumbers}</p>}
        </div>
      )}
      {measure === "score" && (
        <>
          <NumberInput id={`${p}-scale-min`} label={t("indicatorForm.scaleMin")} error={errors.scaleMin} control={control} name="scaleMin" registration={register("scaleMin")} />
          <NumberInput id={`${p}-scale-max`} label={t("indicatorForm.scaleMax")} error={errors.scaleMax} control={control} name="scaleMax" registration={register("scaleMax")} />
        </>
      )}
      {measure === "percentage" && (
        <div className="field">
          <label className="checkbox" htmlFor={`${p}-register`}>
            <input id={`${p}-register`} type="checkbox" {...register("fromStakeholderRegister")} /> {t("indicatorForm.fromRegister")}
          </label>
          {errors.fromStakeholderRegister && <p className="field-error">{errors.fromStakeholderRegister}</p>}
        </div>
      )}
      <FormField id={`${p}-unit`} label={t("indicatorForm.unit")} error={errors.unit} registration={register("unit")} hint={t("indicatorForm.unitHint")} />
      <FormField id={`${p}-direction`} label={t("indicatorForm.goalDirection")} as="select" error={errors.goalDirection} registration={register("goalDirection")}>
        {goalDirections.map((d) => (
          <option key={d} value={d}>
            {t(`labels.goalDirection.${d}`)}
          </option>
        ))}
      </FormField>
      <NumberInput
        id={`${p}-goal`}
        label={measure === "percentage" ? t("indicatorForm.goalPercent") : t("indicatorForm.goal")}
        error={errors.goal}
        control={control}
        name="goal"
        registration={register("goal")}
      />
      <NumberInput id={`${p}-baseline`} label={t("indicatorForm.baseline")} error={errors.baseline} control={control} name="baseline" registration={register("baseline")} />
      <FormField
        id={`${p}-delivery`}
        label={t("indicatorForm.delivery")}
        as="select"
        error={errors.delivery}
        registration={register("delivery")}
        hint={t("indicatorForm.deliveryHint")}
      >
        {deliveryProfiles.map((d) => (
          <option key={d} value={d}>
            {t(`labels.delivery.${d}`)}
          </option>
        ))}
      </FormField>
      {delivery === "milestones" && (
        <>
          <FormField id={`${p}-milestone-shape`} label={t("indicatorForm.milestoneShape")} as="select" error={errors.milestoneShape} registration={register("milestoneShape")}>
            {milestoneShapes.map((m) => (
              <option key={m} value={m}>
                {t(`labels.milestoneShape.${m}`)}
              </option>
            ))}
          </FormField>
          <fieldset className="field milestones">
            <legend>{t("indicatorForm.milestones")}</legend>
            {milestoneRows.fields.map((row, index) => (
              <div key={row.id} className="milestone-row">
                <FormField
                  id={`${p}-milestone-${index}-date`}
                  label={t("indicatorForm.milestoneDate", { number: index + 1 })}
                  type="date"
                  error={errors[`milestones.${index}.date`]}
                  registration={register(`milestones.${index}.date`)}
                />
                <NumberInput
                  id={`${p}-milestone-${index}-target`}
                  label={t("indicatorForm.milestoneTarget", { number: index + 1 })}
                  error={errors[`milestones.${index}.target`]}
                  control={control}
                  name={`milestones.${index}.target`}
                  registration={register(`milestones.${index}.target`)}
                />
                <button type="button" className="secondary" onClick={() => milestoneRows.remove(index)}>
                  {t("indicatorForm.removeMilestone", { number: index + 1 })}
                </button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => milestoneRows.append({ date: "", target: "" })}>
              {t("indicatorForm.addMilestone")}
            </button>
            {errors.milestones && <p className="field-error">{errors.milestones}</p>}
          </fieldset>
        </>
      )}
      {locked && (
        <fieldset className="field revision-reason">
          <legend>{t("revisions.form.legend")}</legend>
          <p className="muted small">{t("revisions.form.hint")}</p>
          <FormField
            id={`${p}-reason-code`}
            label={t("revisions.form.code")}
            as="select"
            error={errors["revisionReason.code"]}
            registration={register("reasonCode")}
            hint={t("revisions.form.errorCorrectionHint")}
          >
            <option value="">{t("revisions.form.choose")}</option>
            {revisionReasonCodes.map((code) => (
              <option key={code} value={code}>
                {t(`revisions.reasons.${code}`)}
              </option>
            ))}
          </FormField>
          <FormField id={`${p}-reason-text`} label={t("revisions.form.text")} as="textarea" error={errors["revisionReason.text"]} registration={register("reasonText")} />
        </fieldset>
      )}
      <FormField id={`${p}-goal-text`} label={t("indicatorForm.goalText")} error={errors.goalText} registration={register("goalText")} />
      <FormField id={`${p}-order`} label={t("indicatorForm.displayOrder")} inputMode="numeric" error={errors.displayOrder} registration={register("displayOrder")} />
      <FormActions
        error={mutationError}
        saving={create.isPending || update.isPending}
        submitLabel={indicator ? t("indicatorForm.save") : t("indicatorForm.add")}
        onCancel={() => onDone(false)}
      />
    </form>
  );
}

/** The update separates what may be corrected from what is fixed once results exist (shared/schemas.ts, indicatorUpdate). */
function splitForUpdate(fields: IndicatorFields, locked: boolean) {
  const { pilotId: _pilot, measure, cumulation, ...corrections } = fields;
  return locked ? { corrections } : { corrections, fixed: { measure, cumulation } };
}

/** A value that cannot change, with the reason next to it; read-only, so it is read out but never sent. */
function FixedField({ id, label, value, reason, error }: { id: string; label: string; value: string; reason: string; error?: string }) {
  return (
    <div className="field fixed-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} aria-describedby={`${id}-hint ${id}-error`} aria-invalid={error ? "true" : undefined} />
      <p id={`${id}-hint`} className="muted small">
        {reason}
      </p>
      <p id={`${id}-error`} className="field-error">
        {error ?? ""}
      </p>
    </div>
  );
}
