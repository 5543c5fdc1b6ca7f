import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { measurementTimes, programmeAggregations, programmeIndicatorLevels } from "../../../shared/programmeIndicators";
import { programmeIndicatorFields, type ProgrammeIndicatorFields } from "../../../shared/schemas";
import { ErrorMessage, EmptyState, Loading } from "../components/QueryState";
import { validate } from "../formErrors";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

const emptyFields: ProgrammeIndicatorFields = { code: "", name: "", level: "output", unit: "", definition: "", measurementTime: "during", aggregation: "sum" };

/** The administrator's programme indicator catalogue: the starter list of Interreg common indicators and programme-specific ones (decision 028). */
export function ProgrammeCataloguePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  usePageTitle(t("programme.catalogue.title"));
  const catalogue = useQuery(trpc.programmeIndicators.catalogue.queryOptions({}));
  const [editing, setEditing] = useState<number | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.programmeIndicators.pathKey() });
  const addStarter = useMutation(trpc.programmeIndicators.addStarter.mutationOptions({ onSuccess: refresh }));
  if (catalogue.isPending) return <Loading what={t("programme.catalogue.loading")} />;
  if (catalogue.isError) return <ErrorMessage error={catalogue.error} retry={() => catalogue.refetch()} />;
  const { indicators, starter } = catalogue.data;
  return (
    <>
      <div className="page-heading">
        <h1>{t("programme.catalogue.title")}</h1>
        <p className="muted">{t("programme.catalogue.intro")}</p>
      </div>
      <section aria-labelledby="catalogue-heading">
        <h2 id="catalogue-heading">{t("programme.catalogue.heading")}</h2>
        {indicators.length === 0 ? (
          <EmptyState>{t("programme.catalogue.empty")}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("programme.columns.code")}</th>
                  <th scope="col">{t("programme.columns.indicator")}</th>
                  <th scope="col">{t("programme.columns.level")}</th>
                  <th scope="col">{t("programme.columns.unit")}</th>
                  <th scope="col">{t("programme.columns.measurementTime")}</th>
                  <th scope="col">{t("programme.columns.aggregation")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("programme.columns.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{row.code}</th>
                    <td>
                      {row.name}
                      {editing === row.id && (
                        <IndicatorForm
                          initial={row}
                          submitLabel={t("programme.catalogue.save")}
                          onSave={(fields) => ({ kind: "update", id: row.id, version: row.version, fields })}
                          onDone={() => setEditing(null)}
                        />
                      )}
                    </td>
                    <td>{t(`programme.levels.${row.level}`)}</td>
                    <td>{row.unit}</td>
                    <td>{t(`programme.measurementTimes.${row.measurementTime}`)}</td>
                    <td>{t(`programme.aggregations.${row.aggregation}`)}</td>
                    <td className="actions">
                      <button type="button" className="link-button" onClick={() => setEditing(editing === row.id ? null : row.id)}>
                        {t("programme.catalogue.edit")} <span className="visually-hidden">{row.code}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="starter-heading">
        <h2 id="starter-heading">{t("programme.catalogue.starterHeading")}</h2>
        <p className="muted small">{t("programme.catalogue.starterIntro")}</p>
        {addStarter.error && (
          <p className="field-error" role="alert">
            {addStarter.error.message}
          </p>
        )}
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("programme.columns.code")}</th>
                <th scope="col">{t("programme.columns.indicator")}</th>
                <th scope="col">{t("programme.columns.level")}</th>
                <th scope="col">{t("programme.columns.unit")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("programme.columns.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {starter.map((row) => (
                <tr key={row.code}>
                  <th scope="row">{row.code}</th>
                  <td>{row.name}</td>
                  <td>{t(`programme.levels.${row.level}`)}</td>
                  <td>{row.unit}</td>
                  <td className="actions">
                    {row.added ? (
                      <span className="muted">{t("programme.catalogue.inCatalogue")}</span>
                    ) : (
                      <button type="button" disabled={addStarter.isPending} onClick={() => addStarter.mutate({ code: row.code })}>
                        {t("programme.catalogue.addStarter", { code: row.code })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="new-programme-indicator-heading">
        <h2 id="new-programme-indicator-heading">{t("programme.catalogue.newHeading")}</h2>
        <IndicatorForm initial={emptyFields} submitLabel={t("programme.catalogue.create")} onSave={(fields) => ({ kind: "create", fields })} />
      </section>
    </>
  );
}

type SaveRequest = { kind: "create"; fields: ProgrammeIndicatorFields } | { kind: "update"; id: number; version: number; fields: ProgrammeIndicatorFields };

const textFields = ["code", "name", "unit"] as const;

function IndicatorForm({
  initial,
  submitLabel,
  onSave,
  onDone,
}: {
  initial: ProgrammeIndicatorFields;
  submitLabel: string;
  onSave: (fields: ProgrammeIndicatorFields) => SaveRequest;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [values, setValues] = useState<ProgrammeIndicatorFields>({ ...emptyFields, ...pick(initial) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const done = () => {
    setSaved(true);
    if (!onDone) setValues(emptyFields);
    onDone?.();
    return queryClient.invalidateQueries({ queryKey: trpc.programmeIndicators.pathKey() });
  };
  const create = useMutation(trpc.programmeIndicators.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.programmeIndicators.update.mutationOptions({ onSuccess: done }));
  const failure = create.error ?? update.error;
  const shown = { ...fieldErrorsOf(failure), ...errors };
  const set = (field: keyof ProgrammeIndicatorFields, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const described = (field: string) => ({ id: `${id}-${field}`, "aria-invalid": shown[field] ? ("true" as const) : undefined, "aria-describedby": `${id}-${field}-error` });
  const fieldError = (field: string) => (
    <p id={`${id}-${field}-error`} className="field-error">
      {shown[field]}
    </p>
  );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        const checked = validate(programmeIndicatorFields, values);
        setErrors(checked.ok ? {} : checked.errors);
        if (!checked.ok) return;
        const request = onSave(checked.data);
        if (request.kind === "create") create.mutate(request.fields);
        else update.mutate({ id: request.id, version: request.version, fields: request.fields });
      }}
    >
      {textFields.map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`${id}-${field}`}>{t(`programme.fields.${field}`)}</label>
          <input {...described(field)} value={values[field]} onChange={(e) => set(field, e.target.value)} />
          {fieldError(field)}
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-level`}>{t("programme.fields.level")}</label>
        <select {...described("level")} value={values.level} onChange={(e) => set("level", e.target.value)}>
          {programmeIndicatorLevels.map((level) => (
            <option key={level} value={level}>
              {t(`programme.levels.${level}`)}
            </option>
          ))}
        </select>
        {fieldError("level")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-measurementTime`}>{t("programme.fields.measurementTime")}</label>
        <select {...described("measurementTime")} value={values.measurementTime} onChange={(e) => set("measurementTime", e.target.value)}>
          {measurementTimes.map((time) => (
            <option key={time} value={time}>
              {t(`programme.measurementTimes.${time}`)}
            </option>
          ))}
        </select>
        {fieldError("measurementTime")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-aggregation`}>{t("programme.fields.aggregation")}</label>
        <select {...described("aggregation")} value={values.aggregation} onChange={(e) => set("aggregation", e.target.value)}>
          {programmeAggregations.map((aggregation) => (
            <option key={aggregation} value={aggregation}>
              {t(`programme.aggregations.${aggregation}`)}
            </option>
          ))}
        </select>
        {fieldError("aggregation")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-definition`}>{t("programme.fields.definition")}</label>
        <textarea rows={3} {...described("definition")} value={values.definition} onChange={(e) => set("definition", e.target.value)} />
        {fieldError("definition")}
      </div>
      {failure && Object.keys(fieldErrorsOf(failure)).length === 0 && (
        <p className="field-error" role="alert">
          {failure.message}
        </p>
      )}
      {saved && (
        <p className="success" role="status">
          {t("programme.catalogue.saved")}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
        {submitLabel}
      </button>
    </form>
  );
}

function pick(row: ProgrammeIndicatorFields): ProgrammeIndicatorFields {
  return { code: row.code, name: row.name, level: row.level, unit: row.unit, definition: row.definition, measurementTime: row.measurementTime, aggregation: row.aggregation };
}
