import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { stakeholderTypes, type StakeholderType } from "../../../shared/domain";
import { message, type Message } from "../../../shared/i18n/message";
import { registerShare, type RegisterEntry } from "../../../shared/stakeholders";
import { FormActions } from "../components/FormActions";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { useFormatters } from "../i18n/useFormatters";
import { usePageTitle } from "../hooks/usePageTitle";
import { useUnsavedChangesWarning } from "../hooks/useUnsavedChangesWarning";
import { fieldErrorsOf, useTRPC } from "../trpc";

interface StakeholderView {
  id: number;
  organisation: string;
  type: StakeholderType;
  contact: string;
  notes: string;
  archivedAt: string | null;
  version: number;
}

/** The pilot's stakeholder register: who is mapped, and per period who is involved and plans to continue. */
export function StakeholdersPage() {
  const pilotId = Number(useParams().pilotId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const register = useQuery(trpc.stakeholders.register.queryOptions({ pilotId }));
  const archive = useMutation(trpc.stakeholders.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [periodId, setPeriodId] = useState<number | null>(null);
  // Ticks not saved, or a stakeholder being typed: leaving the page asks first.
  const [unsaved, setUnsaved] = useState<Record<string, boolean>>({});
  const onChanges = useCallback((part: string, changed: boolean) => setUnsaved((current) => (current[part] === changed ? current : { ...current, [part]: changed })), []);
  useUnsavedChangesWarning(Object.values(unsaved).some(Boolean));
  usePageTitle(register.data ? t("stakeholders.pageTitle", { pilot: register.data.pilot.title }) : t("stakeholders.pageTitleLoading"));
  if (register.isPending) return <Loading what={t("stakeholders.loading")} />;
  if (register.isError) return <ErrorMessage error={register.error} retry={() => register.refetch()} />;
  const { pilot, stakeholders, periods, linkedIndicators } = register.data;
  const active = stakeholders.filter((s) => !s.archivedAt);
  const started = periods.filter((p) => p.hasStarted);
  const defaultPeriod = [...started].reverse().find((p) => p.entries.length > 0) ?? started.at(-1);
  const period = started.find((p) => p.id === periodId) ?? defaultPeriod;

  return (
    <>
      <div className="page-heading">
        <p className="breadcrumb">
          <Link to={`/projects/${pilot.projectId}`}>{pilot.projectName}</Link> · <Link to={`/pilots/${pilot.id}`}>{t("stakeholders.pilotPage")}</Link>
        </p>
        <h1>
          {t("stakeholders.heading", { pilot: pilot.title })} {pilot.isFictional && <FictionalBadge />} {pilot.archivedAt && <ArchivedBadge />}
        </h1>
        <p className="muted">
          {t("stakeholders.intro")}{" "}
          {linkedIndicators.length > 0 ? t("stakeholders.computes", { indicators: linkedIndicators.map((i) => `“${i.name}”`).join(", ") }) : t("stakeholders.noLinkedIndicator")}
        </p>
      </div>
      <div className="toolbar">
        <span className="spacer" />
        <a className="button" href={`/api/exports/pilots/${pilot.id}/stakeholders.xlsx`} download>
          {t("stakeholders.downloadXlsx")}
        </a>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/stakeholders.csv`} download>
          {t("stakeholders.downloadCsv")}
        </a>
      </div>

      {period ? (
        <PeriodRegister key={period.id} period={period} periods={started} stakeholders={active} onPeriod={setPeriodId} disabled={!!pilot.archivedAt} onChanges={onChanges} />
      ) : (
        <EmptyState>{t("stakeholders.noPeriodStarted")}</EmptyState>
      )}

      <section aria-labelledby="register-heading">
        <h2 id="register-heading">{t("stakeholders.registerHeading", { count: active.length })}</h2>
        <div className="toolbar">
          <span className="spacer" />
          {!pilot.archivedAt && (
            <button type="button" className="primary" onClick={() => setEditing("new")}>
              {t("stakeholders.add")}
            </button>
          )}
        </div>
        {editing === "new" && (
          <div className="card">
            <h3>{t("stakeholders.newStakeholder")}</h3>
            <StakeholderForm pilotId={pilot.id} onDone={() => setEditing(null)} onChanges={onChanges} />
          </div>
        )}
        {archive.error && <ErrorMessage error={archive.error} />}
        {stakeholders.length === 0 ? (
          <EmptyState>{t("stakeholders.empty")}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("stakeholders.columns.organisation")}</th>
                  <th scope="col">{t("stakeholders.columns.type")}</th>
                  <th scope="col">{t("stakeholders.columns.contactAndNotes")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("stakeholders.columns.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {stakeholders.map((s) =>
                  editing === s.id ? (
                    <tr key={s.id}>
                      <td colSpan={4}>
                        <StakeholderForm pilotId={pilot.id} stakeholder={s} onDone={() => setEditing(null)} onChanges={onChanges} />
                      </td>
                    </tr>
                  ) : (
                    <tr key={s.id}>
                      <th scope="row">
                        {s.organisation} {s.archivedAt && <ArchivedBadge />}
                      </th>
                      <td>{t(`labels.stakeholderType.${s.type}`)}</td>
                      <td className="small">
                        {s.contact}
                        {s.notes && <div className="muted">{s.notes}</div>}
                      </td>
                      <td className="nowrap">
                        {!pilot.archivedAt && (
                          <>
                            <button type="button" onClick={() => setEditing(s.id)} aria-label={t("stakeholders.editOf", { organisation: s.organisation })}>
                              {t("stakeholders.edit")}
                            </button>{" "}
                            <button
                              type="button"
                              onClick={() => archive.mutate({ id: s.id, archived: !s.archivedAt })}
                              aria-label={t(s.archivedAt ? "stakeholders.restoreOf" : "stakeholders.archiveOf", { organisation: s.organisation })}
                            >
                              {s.archivedAt ? t("stakeholders.restore") : t("stakeholders.archive")}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

type ReportChanges = (part: string, changed: boolean) => void;

/** Tells the page whether a part of it holds changes not saved yet; a part that goes away has none. */
function useReportChanges(part: string, changed: boolean, report: ReportChanges) {
  useEffect(() => {
    report(part, changed);
  }, [part, changed, report]);
  useEffect(() => () => report(part, false), [part, report]);
}

type PeriodView = {
  id: number;
  label: string;
  startDate: string;
  endDate: string;
  entries: { stakeholderId: number; involved: boolean; plansToContinue: boolean; enteredBy: string; enteredAt: string }[];
};

function PeriodRegister({
  period,
  periods,
  stakeholders,
  onPeriod,
  disabled,
  onChanges,
}: {
  period: PeriodView;
  periods: PeriodView[];
  stakeholders: StakeholderView[];
  onPeriod: (id: number) => void;
  disabled: boolean;
  onChanges: ReportChanges;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const f = useFormatters();
  const recorded = new Map(period.entries.map((e) => [e.stakeholderId, e]));
  // Only what the person changed; everything else shows what is recorded (also for stakeholders added meanwhile).
  const [ticks, setTicks] = useState<Record<number, RegisterEntry>>({});
  const tickOf = (id: number): RegisterEntry => ticks[id] ?? { involved: recorded.get(id)?.involved ?? false, plansToContinue: recorded.get(id)?.plansToContinue ?? false };
  const [comment, setComment] = useState("");
  // A message, so that the confirmation follows a change of language.
  const [saved, setSaved] = useState<Message | null>(null);
  const save = useMutation(
    trpc.stakeholders.savePeriod.mutationOptions({
      onSuccess: (outcome) => {
        setSaved(message("stakeholders.saved", { numerator: outcome.share.numerator, denominator: outcome.share.denominator }));
        // What was saved is now what is recorded: nothing is left to lose by leaving.
        setTicks({});
        setComment("");
        return queryClient.invalidateQueries();
      },
    }),
  );
  useReportChanges("period-register", Object.keys(ticks).length > 0 || comment.trim() !== "", onChanges);
  const share = registerShare(stakeholders.map((s) => tickOf(s.id)));
  const set = (id: number, change: Partial<RegisterEntry>) =>
    setTicks((current) => {
      const next = { ...(current[id] ?? tickOf(id)), ...change };
      // Only an involved stakeholder can plan to continue.
      if (!next.involved) next.plansToContinue = false;
      return { ...current, [id]: next };
    });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    save.mutate({
      periodId: period.id,
      entries: stakeholders.map((s) => ({ stakeholderId: s.id, ...tickOf(s.id) })),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  };
  const lastEntry = period.entries.reduce<PeriodView["entries"][number] | null>((latest, e) => (!latest || e.enteredAt > latest.enteredAt ? e : latest), null);
  return (
    <section className="card period-register" aria-labelledby="period-register-heading">
      <h2 id="period-register-heading">{t("stakeholders.involvementIn", { period: period.label })}</h2>
      <div className="toolbar">
        <label>
          {t("stakeholders.period")}{" "}
          <select value={period.id} onChange={(e) => onPeriod(Number(e.target.value))}>
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {t("stakeholders.dates", { start: f.date(period.startDate), end: f.date(period.endDate) })}
          {" · "}
          {lastEntry ? t("stakeholders.lastRecordedBy", { name: lastEntry.enteredBy }) : t("stakeholders.nothingRecorded")}
        </span>
      </div>
      <p className="register-share" role="status" aria-live="polite">
        <strong>{t("stakeholders.shareCount", { numerator: share.numerator, denominator: share.denominator })}</strong> {t("stakeholders.shareText")}{" "}
        <strong>{share.percentage === null ? "–" : f.percent(share.percentage, 2)}</strong>
      </p>
      {stakeholders.length === 0 ? (
        <EmptyState>{t("stakeholders.addFirst")}</EmptyState>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="table-scroll">
            <table className="data-table register-table">
              <thead>
                <tr>
                  <th scope="col">{t("stakeholders.columns.organisation")}</th>
                  <th scope="col">{t("stakeholders.columns.involved")}</th>
                  <th scope="col">{t("stakeholders.columns.plansToContinue")}</th>
                  <th scope="col">{t("stakeholders.columns.counts")}</th>
                </tr>
              </thead>
              <tbody>
                {stakeholders.map((s) => {
                  const tick = tickOf(s.id);
                  return (
                    <tr key={s.id} data-stakeholder={s.organisation}>
                      <th scope="row">
                        {s.organisation}
                        <div className="muted small">{t(`labels.stakeholderType.${s.type}`)}</div>
                      </th>
                      <td>
                        <input
                          type="checkbox"
                          checked={tick.involved}
                          disabled={disabled}
                          aria-label={t("stakeholders.involvedOf", { organisation: s.organisation })}
                          onChange={(e) => set(s.id, { involved: e.target.checked })}
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          checked={tick.plansToContinue}
                          disabled={disabled || !tick.involved}
                          aria-label={t("stakeholders.plansToContinueOf", { organisation: s.organisation })}
                          onChange={(e) => set(s.id, { plansToContinue: e.target.checked })}
                        />
                      </td>
                      <td>
                        {tick.involved && tick.plansToContinue ? (
                          <>
                            <span aria-hidden="true">✔</span> {t("stakeholders.counts")}
                          </>
                        ) : (
                          <span className="muted">{t("stakeholders.doesNotCount")}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="register-comment">{t("stakeholders.comment")}</label>
              <textarea id="register-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
          </div>
          <div className="form-actions">
            {save.error && (
              <p className="field-error" role="alert">
                {save.error.message}
              </p>
            )}
            {saved && (
              <p className="success" role="status">
                <span aria-hidden="true">✔</span> {f.message(saved)}
              </p>
            )}
            <button type="submit" className="primary" disabled={save.isPending || disabled}>
              {t("stakeholders.savePeriod", { period: period.label })}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function StakeholderForm({ pilotId, stakeholder, onDone, onChanges }: { pilotId: number; stakeholder?: StakeholderView; onDone: () => void; onChanges: ReportChanges }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [initial] = useState(() => ({
    organisation: stakeholder?.organisation ?? "",
    type: stakeholder?.type ?? ("" as StakeholderType | ""),
    contact: stakeholder?.contact ?? "",
    notes: stakeholder?.notes ?? "",
  }));
  const [fields, setFields] = useState(initial);
  const id = stakeholder ? `stakeholder-${stakeholder.id}` : "stakeholder-new";
  useReportChanges(
    id,
    (Object.keys(initial) as (keyof typeof initial)[]).some((name) => fields[name] !== initial[name]),
    onChanges,
  );
  const done = () => {
    onDone();
    return queryClient.invalidateQueries();
  };
  const create = useMutation(trpc.stakeholders.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.stakeholders.update.mutationOptions({ onSuccess: done }));
  const mutation = stakeholder ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const values = { pilotId, ...fields, type: fields.type as StakeholderType };
    if (stakeholder) update.mutate({ id: stakeholder.id, version: stakeholder.version, fields: values });
    else create.mutate(values);
  };
  return (
    <form onSubmit={onSubmit} noValidate className="stakeholder-form">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-organisation`}>{t("stakeholders.columns.organisation")}</label>
          <input
            id={`${id}-organisation`}
            value={fields.organisation}
            onChange={(e) => setFields({ ...fields, organisation: e.target.value })}
            aria-invalid={errors.organisation ? "true" : undefined}
            aria-describedby={`${id}-organisation-error`}
          />
          <p id={`${id}-organisation-error`} className="field-error">
            {errors.organisation ?? ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>{t("stakeholders.columns.type")}</label>
          <select
            id={`${id}-type`}
            value={fields.type}
            onChange={(e) => setFields({ ...fields, type: e.target.value as StakeholderType })}
            aria-invalid={errors.type ? "true" : undefined}
            aria-describedby={`${id}-type-error`}
          >
            <option value="">{t("stakeholders.choose")}</option>
            {stakeholderTypes.map((type) => (
              <option key={type} value={type}>
                {t(`labels.stakeholderType.${type}`)}
              </option>
            ))}
          </select>
          <p id={`${id}-type-error`} className="field-error">
            {errors.type ?? ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-contact`}>{t("stakeholders.contact")}</label>
          <input id={`${id}-contact`} value={fields.contact} onChange={(e) => setFields({ ...fields, contact: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t("stakeholders.notes")}</label>
          <input id={`${id}-notes`} value={fields.notes} onChange={(e) => setFields({ ...fields, notes: e.target.value })} />
        </div>
      </div>
      <FormActions error={mutation.error} saving={mutation.isPending} submitLabel={stakeholder ? t("stakeholders.saveStakeholder") : t("stakeholders.add")} onCancel={onDone} />
    </form>
  );
}
