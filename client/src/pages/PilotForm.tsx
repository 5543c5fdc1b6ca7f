import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { frequencyLabels, reportingFrequencies, type ReportingFrequency } from "../../../shared/domain";
import { pilotFields } from "../../../shared/schemas";
import { FormField } from "../components/FormField";
import { validate } from "../formErrors";
import { FormActions } from "../components/FormActions";
import { fieldErrorsOf, useTRPC } from "../trpc";

export interface EditablePilot {
  id: number;
  version: number;
  projectId: number;
  title: string;
  partnerOrganisation: string;
  location: string;
  country: string;
  startDate: string;
  endDate: string;
  reportingFrequency: ReportingFrequency;
  coordinatorName: string;
  coordinatorEmail: string;
  description: string;
}

type PilotFormValues = Omit<EditablePilot, "id" | "version" | "projectId">;

const blank: PilotFormValues = {
  title: "",
  partnerOrganisation: "",
  location: "",
  country: "",
  startDate: "",
  endDate: "",
  reportingFrequency: "quarterly",
  coordinatorName: "",
  coordinatorEmail: "",
  description: "",
};

export function PilotForm({ projectId, pilot, onDone }: { projectId: number; pilot?: EditablePilot; onDone: (id: number | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit } = useForm<PilotFormValues>({ defaultValues: pilot ?? blank });
  const onSuccess = async ({ id }: { id: number }) => {
    await queryClient.invalidateQueries();
    onDone(id);
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.pilots.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.pilots.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;

  const onSubmit = (values: PilotFormValues) => {
    const checked = validate(pilotFields, { ...values, projectId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (pilot) update.mutate({ id: pilot.id, version: pilot.version, fields: checked.data });
    else create.mutate(checked.data);
  };
  const p = pilot ? `pilot-${pilot.id}` : "new-pilot";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid">
      <FormField id={`${p}-title`} label="Title" error={errors.title} registration={register("title")} />
      <FormField id={`${p}-partner`} label="Partner organisation" error={errors.partnerOrganisation} registration={register("partnerOrganisation")} />
      <FormField id={`${p}-location`} label="Location" error={errors.location} registration={register("location")} />
      <FormField id={`${p}-country`} label="Country" error={errors.country} registration={register("country")} hint="e.g. IT, AT, SI" />
      <FormField id={`${p}-start`} label="Start" type="date" error={errors.startDate} registration={register("startDate")} />
      <FormField id={`${p}-end`} label="End" type="date" error={errors.endDate} registration={register("endDate")} />
      <FormField
        id={`${p}-frequency`}
        label="Reporting frequency"
        as="select"
        error={errors.reportingFrequency}
        registration={register("reportingFrequency")}
        hint="Periods run from the start date; the last one may be short."
      >
        {reportingFrequencies.map((f) => (
          <option key={f} value={f}>
            {frequencyLabels[f]}
          </option>
        ))}
      </FormField>
      <FormField id={`${p}-coordinator`} label="Coordinator" error={errors.coordinatorName} registration={register("coordinatorName")} />
      <FormField id={`${p}-email`} label="Coordinator's email" type="email" error={errors.coordinatorEmail} registration={register("coordinatorEmail")} />
      <FormField id={`${p}-description`} label="Description" as="textarea" error={errors.description} registration={register("description")} />
      <FormActions error={mutationError} saving={create.isPending || update.isPending} submitLabel={pilot ? "Save pilot" : "Create pilot"} onCancel={() => onDone(null)} />
    </form>
  );
}
