import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { outletTypes, type OutletType } from "../../../../shared/domain";
import { communicationActivityFields } from "../../../../shared/schemas";
import { FormActions } from "../../components/FormActions";
import { FormField } from "../../components/FormField";
import { validate } from "../../formErrors";
import { fieldErrorsOf, useTRPC } from "../../trpc";

interface Values {
  title: string;
  date: string;
  outletType: OutletType;
  outletName: string;
  link: string;
}

export interface EditableCommunication extends Values {
  id: number;
  version: number;
}

interface Props {
  pilotId: number;
  editing?: EditableCommunication;
  /** Called with the saved entry's title once the log has it, so the page can confirm the save. */
  onSaved: (title: string) => void;
  onCancel: () => void;
  /** Whether the form holds changes not yet saved, for the page's warning before leaving. */
  onUnsavedChange: (unsaved: boolean) => void;
}

/** Adds an entry to the communication log, or corrects one (with the version it was opened at). */
export function CommunicationForm({ pilotId, editing, onSaved, onCancel, onUnsavedChange }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const {
    register,
    handleSubmit,
    formState: { isDirty },
  } = useForm<Values>({ defaultValues: editing ?? { title: "", date: "", outletType: "newspaper", outletName: "", link: "" } });
  useEffect(() => {
    onUnsavedChange(isDirty);
  }, [isDirty, onUnsavedChange]);
  // A closed form holds nothing unsaved, whether it was saved or cancelled.
  useEffect(() => () => onUnsavedChange(false), [onUnsavedChange]);

  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const onSuccess = async (title: string) => {
    onUnsavedChange(false);
    await queryClient.invalidateQueries({ queryKey: trpc.reports.finalReport.queryKey({ pilotId }) });
    onSaved(title);
  };
  const add = useMutation(trpc.reports.addCommunication.mutationOptions({ onSuccess: (_saved, input) => onSuccess(input.title), onError }));
  const update = useMutation(trpc.reports.updateCommunication.mutationOptions({ onSuccess: (_saved, input) => onSuccess(input.fields.title), onError }));
  const onSubmit = (values: Values) => {
    const checked = validate(communicationActivityFields, { ...values, pilotId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (editing) update.mutate({ id: editing.id, version: editing.version, fields: checked.data });
    else add.mutate(checked.data);
  };
  const prefix = editing ? `communication-${editing.id}` : "communication-new";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid" aria-label={editing ? t("communication.correctForm") : t("communication.add")}>
      <FormField id={`${prefix}-title`} label={t("communication.fields.title")} error={errors.title} registration={register("title")} />
      <FormField id={`${prefix}-date`} label={t("communication.fields.date")} type="date" error={errors.date} registration={register("date")} />
      <FormField id={`${prefix}-outlet-type`} label={t("communication.fields.outletType")} as="select" error={errors.outletType} registration={register("outletType")}>
        {outletTypes.map((type) => (
          <option key={type} value={type}>
            {t(`labels.outletType.${type}`)}
          </option>
        ))}
      </FormField>
      <FormField id={`${prefix}-outlet-name`} label={t("communication.fields.outletName")} error={errors.outletName} registration={register("outletName")} />
      <FormField id={`${prefix}-link`} label={t("communication.fields.link")} type="url" error={errors.link} registration={register("link")} />
      <FormActions
        error={add.error ?? update.error}
        saving={add.isPending || update.isPending}
        submitLabel={editing ? t("communication.saveCorrection") : t("communication.addToLog")}
        onCancel={onCancel}
      />
    </form>
  );
}
