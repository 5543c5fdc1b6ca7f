import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { projectFields } from "../../../shared/schemas";
import { FormField } from "../components/FormField";
import { numberFromText, validate } from "../formErrors";
import { FormActions } from "../components/FormActions";
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

export function ProjectForm({ project, onDone }: { project?: EditableProject; onDone: (id: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit } = useForm<ProjectFormValues>({
    defaultValues: project ? { ...project, tolerancePercent: String(project.tolerancePercent) } : { name: "", programme: "", startDate: "", endDate: "", tolerancePercent: "15" },
  });
  const onSuccess = async ({ id }: { id: number }) => {
    await queryClient.invalidateQueries();
    onDone(id);
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.projects.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.projects.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;

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
      <FormField id={`${idPrefix}-name`} label="Name" error={errors.name} registration={register("name")} />
      <FormField id={`${idPrefix}-programme`} label="Programme" error={errors.programme} registration={register("programme")} hint="e.g. 2014-2020 Interreg VB Central Europe" />
      <FormField id={`${idPrefix}-start`} label="Start" type="date" error={errors.startDate} registration={register("startDate")} />
      <FormField id={`${idPrefix}-end`} label="End" type="date" error={errors.endDate} registration={register("endDate")} />
      <FormField
        id={`${idPrefix}-tolerance`}
        label="Tolerance (%)"
        inputMode="decimal"
        error={errors.tolerancePercent}
        registration={register("tolerancePercent")}
        hint="How far below target is still 'at risk' rather than 'underperforming'."
      />
      <FormActions error={mutationError} saving={create.isPending || update.isPending} submitLabel={project ? "Save project" : "Create project"} onCancel={() => onDone(project?.id ?? 0)} />
    </form>
  );
}
