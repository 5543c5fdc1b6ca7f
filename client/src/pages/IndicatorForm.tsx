import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { cumulationLabels, goalDirectionLabels, goalDirections, indicatorKinds, measureLabels, measures, type Cumulation, type GoalDirection, type IndicatorKind, type Measure } from "../../../shared/domain";
import { indicatorFields } from "../../../shared/schemas";
import { FormField } from "../components/FormField";
import { numberFromText, validate } from "../formErrors";
import { FormActions } from "../components/FormActions";
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
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function IndicatorForm({ pilotId, indicator, onDone }: { pilotId: number; indicator?: EditableIndicator; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit, control } = useForm<IndicatorFormValues>({
    defaultValues: indicator
      ? {
          ...indicator,
          code: indicator.code ?? "",
          baseline: text(indicator.baseline),
          goal: text(indicator.goal),
          scaleMin: text(indicator.scaleMin),
          scaleMax: text(indicator.scaleMax),
          displayOrder: text(indicator.displayOrder),
        }
      : { code: "", name: "", kind: "quantitative", measure: "count", cumulation: "increments", unit: "", baseline: "0", goal: "", goalDirection: "at_least", goalText: "", scaleMin: "1", scaleMax: "10", displayOrder: "", fromStakeholderRegister: false },
  });
  const measure = useWatch({ control, name: "measure" });
  const onSuccess = async () => {
    await queryClient.invalidateQueries();
    onDone();
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.indicators.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.indicators.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;
  const locked = (indicator?.resultCount ?? 0) > 0;

  const onSubmit = (values: IndicatorFormValues) => {
    const isScore = values.measure === "score";
    const checked = validate(indicatorFields, {
      pilotId,
      code: values.code || null,
      name: values.name,
      kind: values.kind,
      measure: values.measure,
      cumulation: values.measure === "score" ? "increments" : values.cumulation,
      unit: values.unit,
      baseline: numberFromText(values.baseline, 0),
      goal: numberFromText(values.goal),
      goalDirection: values.goalDirection,
      goalText: values.goalText,
      scaleMin: isScore ? numberFromText(values.scaleMin, null) : null,
      scaleMax: isScore ? numberFromText(values.scaleMax, null) : null,
      displayOrder: values.displayOrder.trim() === "" ? undefined : Number(values.displayOrder),
      fromStakeholderRegister: values.measure === "percentage" && values.fromStakeholderRegister,
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (indicator) update.mutate({ id: indicator.id, version: indicator.version, fields: checked.data });
    else create.mutate(checked.data);
  };
  const p = indicator ? `indicator-${indicator.id}` : "new-indicator";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid">
      <FormField id={`${p}-name`} label="Indicator name" error={errors.name} registration={register("name")} />
      <FormField id={`${p}-code`} label="Code (optional)" error={errors.code} registration={register("code")} hint="The same code in several pilots lets them be compared." />
      <FormField id={`${p}-kind`} label="Kind" as="select" error={errors.kind} registration={register("kind")}>
        {indicatorKinds.map((k) => (
          <option key={k} value={k}>
            {k === "quantitative" ? "Quantitative" : "Qualitative"}
          </option>
        ))}
      </FormField>
      <FormField
        id={`${p}-measure`}
        label="Measure"
        as="select"
        error={errors.measure}
        registration={register("measure", { disabled: locked })}
        hint={locked ? "Fixed: the indicator already has results." : undefined}
      >
        {measures.map((m) => (
          <option key={m} value={m}>
            {measureLabels[m]}
          </option>
        ))}
      </FormField>
      {measure !== "score" && (
        <FormField id={`${p}-cumulation`} label="Period values" as="select" error={errors.cumulation} registration={register("cumulation", { disabled: locked })}>
          {(["increments", "to_date"] as const).map((c) => (
            <option key={c} value={c}>
              {cumulationLabels[c]}
            </option>
          ))}
        </FormField>
      )}
      {measure === "score" && (
        <>
          <FormField id={`${p}-scale-min`} label="Scale minimum" inputMode="decimal" error={errors.scaleMin} registration={register("scaleMin")} />
          <FormField id={`${p}-scale-max`} label="Scale maximum" inputMode="decimal" error={errors.scaleMax} registration={register("scaleMax")} />
        </>
      )}
      {measure === "percentage" && (
        <div className="field">
          <label className="checkbox" htmlFor={`${p}-register`}>
            <input id={`${p}-register`} type="checkbox" {...register("fromStakeholderRegister")} /> Computed from the stakeholder register (involved and
            continuing, of the mapped stakeholders)
          </label>
          {errors.fromStakeholderRegister && <p className="field-error">{errors.fromStakeholderRegister}</p>}
        </div>
      )}
      <FormField id={`${p}-unit`} label="Unit" error={errors.unit} registration={register("unit")} hint="hours, people, organizations…" />
      <FormField id={`${p}-direction`} label="Goal direction" as="select" error={errors.goalDirection} registration={register("goalDirection")}>
        {goalDirections.map((d) => (
          <option key={d} value={d}>
            {goalDirectionLabels[d]}
          </option>
        ))}
      </FormField>
      <FormField id={`${p}-goal`} label={measure === "percentage" ? "Goal (%)" : "Goal"} inputMode="decimal" error={errors.goal} registration={register("goal")} />
      <FormField id={`${p}-baseline`} label="Baseline" inputMode="decimal" error={errors.baseline} registration={register("baseline")} />
      <FormField id={`${p}-goal-text`} label="Goal as written in the application (optional)" error={errors.goalText} registration={register("goalText")} />
      <FormField id={`${p}-order`} label="Display order" inputMode="numeric" error={errors.displayOrder} registration={register("displayOrder")} />
      <FormActions error={mutationError} saving={create.isPending || update.isPending} submitLabel={indicator ? "Save indicator" : "Add indicator"} onCancel={onDone} />
    </form>
  );
}
