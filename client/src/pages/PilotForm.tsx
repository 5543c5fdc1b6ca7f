import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { reportingFrequencies, type ReportingFrequency } from "../../../shared/domain";
import { pilotFields } from "../../../shared/schemas";
import { FormField } from "../components/FormField";
import { validate } from "../formErrors";
import { FormActions } from "../components/FormActions";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
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

const formValuesOf = (pilot: EditablePilot): PilotFormValues =>
  Object.fromEntries(Object.keys(blank).map((field) => [field, pilot[field as keyof PilotFormValues]])) as unknown as PilotFormValues;

/** `onDone` receives the pilot's id once it is saved, or null when the person cancels. */
export function PilotForm({ projectId, pilot, onDone }: { projectId: number; pilot?: EditablePilot; onDone: (id: number | null) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Only the form's own fields: the schema is strict, and a pilot from the server carries more (id, version, archivedAt…).
  const { register, handleSubmit, formState } = useForm<PilotFormValues>({ defaultValues: pilot ? formValuesOf(pilot) : blank });
  const unsaved = useUnsavedChangesWarning(formState.isDirty);
  // What the coordinator's e-mail granted, shown next to it before the form closes (docs/decisions/020).
  const [coordinatorOutcome, setCoordinatorOutcome] = useState<{ savedId: number; text: string; link: string | null } | null>(null);
  const onSuccess = async ({ id, coordinator }: { id: number; coordinator: { granted: boolean; name: string; link: string | null } | null }) => {
    unsaved.saved();
    await queryClient.invalidateQueries();
    if (!coordinator) return onDone(id);
    const link = coordinator.link ? new URL(coordinator.link, window.location.origin).toString() : null;
    const { name } = coordinator;
    setCoordinatorOutcome({
      savedId: id,
      text: coordinator.granted ? t("pilotForm.coordinatorGranted", { name }) : link ? t("pilotForm.coordinatorPassLinkOn", { name }) : t("pilotForm.coordinatorInvited", { name }),
      link,
    });
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const create = useMutation(trpc.pilots.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.pilots.update.mutationOptions({ onSuccess, onError }));
  const mutationError = create.error ?? update.error;

  const onSubmit = (values: PilotFormValues) => {
    // Saved already: the button now only closes the form, so the pilot is not saved twice.
    if (coordinatorOutcome) return onDone(coordinatorOutcome.savedId);
    const checked = validate(pilotFields, { ...values, projectId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (pilot) update.mutate({ id: pilot.id, version: pilot.version, fields: checked.data });
    else create.mutate(checked.data);
  };
  const p = pilot ? `pilot-${pilot.id}` : "new-pilot";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid">
      <FormField id={`${p}-title`} label={t("pilotForm.title")} error={errors.title} registration={register("title")} />
      <FormField id={`${p}-partner`} label={t("pilotForm.partner")} error={errors.partnerOrganisation} registration={register("partnerOrganisation")} />
      <FormField id={`${p}-location`} label={t("pilotForm.location")} error={errors.location} registration={register("location")} />
      <FormField id={`${p}-country`} label={t("pilotForm.country")} error={errors.country} registration={register("country")} hint={t("pilotForm.countryHint")} />
      <FormField id={`${p}-start`} label={t("pilotForm.start")} type="date" error={errors.startDate} registration={register("startDate")} />
      <FormField id={`${p}-end`} label={t("pilotForm.end")} type="date" error={errors.endDate} registration={register("endDate")} />
      <FormField
        id={`${p}-frequency`}
        label={t("pilotForm.frequency")}
        as="select"
        error={errors.reportingFrequency}
        registration={register("reportingFrequency")}
        hint={t("pilotForm.frequencyHint")}
      >
        {reportingFrequencies.map((f) => (
          <option key={f} value={f}>
            {t(`labels.frequency.${f}`)}
          </option>
        ))}
      </FormField>
      <FormField id={`${p}-coordinator`} label={t("pilotForm.coordinator")} error={errors.coordinatorName} registration={register("coordinatorName")} />
      <FormField
        id={`${p}-email`}
        label={t("pilotForm.coordinatorEmail")}
        type="email"
        error={errors.coordinatorEmail}
        registration={register("coordinatorEmail")}
        hint={t("pilotForm.coordinatorEmailHint")}
        readOnly={!!coordinatorOutcome}
      />
      <div role="status" className="coordinator-outcome">
        {coordinatorOutcome && (
          <p className="success">
            {coordinatorOutcome.text}
            {coordinatorOutcome.link && (
              <>
                <br />
                <code className="invitation-link">{coordinatorOutcome.link}</code>
              </>
            )}
          </p>
        )}
      </div>
      <FormField id={`${p}-description`} label={t("pilotForm.description")} as="textarea" error={errors.description} registration={register("description")} />
      {coordinatorOutcome ? (
        <div className="form-actions">
          <button type="submit" className="primary">
            {t("pilotForm.continue")}
          </button>
        </div>
      ) : (
        <FormActions
          error={mutationError}
          saving={create.isPending || update.isPending}
          submitLabel={pilot ? t("pilotForm.save") : t("pilotForm.create")}
          onCancel={() => onDone(null)}
        />
      )}
    </form>
  );
}
