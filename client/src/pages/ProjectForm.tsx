import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { projectFields } from "../../../shared/schemas";
import { FormField } from "../components/FormField";
import { numberFromText, validate } from "../formErrors";
import { NumberInput } from "../components/NumberInput";
import { FormActions } from "../components/FormActions";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
import { useFormatters } from "../i18n/useFormatters";
import { fieldErrorsOf, useTRPC } from "../trpc";

interface ProjectFormValues {
  name: string;
  programme: string;
  startDate: string;
  endDate: string;
  tolerancePercent: string;
}

export interface EditableProject {
  id: number;
  version: number;
  name: string;
  programme: string;
  startDate: string;
  endDate: string;
  tolerancePercent: number;
}

/** How the form was left: saved (the caller confirms it) or cancelled. */
export type ProjectFormOutcome = "saved" | "cancelled";

export function ProjectForm({ project, onDone }: { project?: EditableProject; onDone: (id: number, outcome: ProjectFormOutcome) => void }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit, control, formState } = useForm<ProjectFormValues>({
    // Only the form's own fields: the schema is strict, and the project's id, version or counts would make it refuse.
    // The tolerance is shown the way the reader writes numbers ("12,5" in Italian); either separator is accepted back.
    defaultValues: project
      ? { name: project.name, programme: project.programme, startDate: project.startDate, endDate: project.endDate, tolerancePercent: f.number(project.tolerancePercent) }
      : { name: "", programme: "", startDate: "", endDate: "", tolerancePercent: "15" },
  });
  const onSuccess = async ({ id }: { id: number }) => {
    await queryClient.invalidateQueries();
    onDone(id, "saved");
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.projects.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.projects.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;
  useUnsavedChangesWarning(formState.isDirty && !create.isSuccess && !update.isSuccess);

  const onSubmit = (values: ProjectFormValues) => {
    const checked = validate(projectFields, { ...values, tolerancePercent: numberFromText(values.tolerancePercent) });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (project) update.mutate({ id: project.id, version: project.version, fields: checked.data });
    else create.mutate(checked.data);
  };
  const idPrefix = project ? `project-${project.id}` : "new-project";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid">
      <FormField id={`${idPrefix}-name`} label={t("projects.form.name")} error={errors.name} registration={register("name")} />
      <FormField
        id={`${idPrefix}-programme`}
        label={t("projects.form.programme")}
        error={errors.programme}
        registration={register("programme")}
        hint={t("projects.form.programmeHint")}
      />
      <FormField id={`${idPrefix}-start`} label={t("projects.form.start")} type="date" error={errors.startDate} registration={register("startDate")} />
      <FormField id={`${idPrefix}-end`} label={t("projects.form.end")} type="date" error={errors.endDate} registration={register("endDate")} />
      <NumberInput
        id={`${idPrefix}-tolerance`}
        label={t("projects.form.tolerance")}
        error={errors.tolerancePercent}
        control={control}
        name="tolerancePercent"
        registration={register("tolerancePercent")}
        hint={t("projects.form.toleranceHint")}
      />
      <FormActions
        error={mutationError}
        saving={create.isPending || update.isPending}
        submitLabel={project ? t("projects.form.save") : t("projects.form.create")}
        onCancel={() => onDone(project?.id ?? 0, "cancelled")}
      />
    </form>
  );
}
