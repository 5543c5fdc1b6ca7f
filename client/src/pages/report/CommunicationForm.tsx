import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { outletTypeLabels, outletTypes, type OutletType } from "../../../../shared/domain";
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

/** Adds an entry to the communication log, or corrects one (with the version it was opened at). */
export function CommunicationForm({ pilotId, editing, onDone }: { pilotId: number; editing?: EditableCommunication; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { register, handleSubmit } = useForm<Values>({ defaultValues: editing ?? { title: "", date: "", outletType: "newspaper", outletName: "", link: "" } });
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.reports.finalReport.queryKey({ pilotId }) });
    onDone();
  };
  const onError = (error: unknown) => setErrors(fieldErrorsOf(error));
  const add = useMutation(trpc.reports.addCommunication.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.reports.updateCommunication.mutationOptions({ onSuccess, onError }));
  const onSubmit = (values: Values) => {
    const checked = validate(communicationActivityFields, { ...values, pilotId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    if (editing) update.mutate({ id: editing.id, version: editing.version, fields: checked.data });
    else add.mutate(checked.data);
  };
  const prefix = editing ? `communication-${editing.id}` : "communication-new";
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate className="form-grid" aria-label={editing ? "Correct a communication activity" : "Add a communication activity"}>
      <FormField id={`${prefix}-title`} label="Title" error={errors.title} registration={register("title")} />
      <FormField id={`${prefix}-date`} label="Date" type="date" error={errors.date} registration={register("date")} />
      <FormField id={`${prefix}-outlet-type`} label="Kind of outlet" as="select" error={errors.outletType} registration={register("outletType")}>
        {outletTypes.map((type) => (
          <option key={type} value={type}>
            {outletTypeLabels[type]}
          </option>
        ))}
      </FormField>
      <FormField id={`${prefix}-outlet-name`} label="Newspaper, radio, TV or page" error={errors.outletName} registration={register("outletName")} />
      <FormField id={`${prefix}-link`} label="Link (optional)" type="url" error={errors.link} registration={register("link")} />
      <FormActions error={add.error ?? update.error} saving={add.isPending || update.isPending} submitLabel={editing ? "Save correction" : "Add to the log"} onCancel={onDone} />
    </form>
  );
}
