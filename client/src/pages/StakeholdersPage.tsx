import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { stakeholderTypeLabels, stakeholderTypes, type StakeholderType } from "../../../shared/domain";
import { formatPercent } from "../../../shared/numbers";
import { registerShare, type RegisterEntry } from "../../../shared/stakeholders";
import { FormActions } from "../components/FormActions";
import { EmptyState, ErrorMessage, Loading } from "../components/QueryState";
import { ArchivedBadge, FictionalBadge } from "../components/StatusBadge";
import { formatDate } from "../format";
import { usePageTitle } from "../hooks/usePageTitle";
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
  const register = useQuery(trpc.stakeholders.register.queryOptions({ pilotId }));
  const archive = useMutation(trpc.stakeholders.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [periodId, setPeriodId] = useState<number | null>(null);
  usePageTitle(register.data ? `Stakeholders: ${register.data.pilot.title}` : "Stakeholders");
  if (register.isPending) return <Loading what="the stakeholder register" />;
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
          <Link to={`/projects/${pilot.projectId}`}>{pilot.projectName}</Link> · <Link to={`/pilots/${pilot.id}`}>Pilot page</Link>
        </p>
        <h1>
          Stakeholders: {pilot.title} {pilot.isFictional && <FictionalBadge />} {pilot.archivedAt && <ArchivedBadge />}
        </h1>
        <p className="muted">
          The organisations the pilot mapped and, for each reporting period, whether they were involved and plan to continue after the pilot.{" "}
          {linkedIndicators.length > 0
            ? `Computes ${linkedIndicators.map((i) => `"${i.name}"`).join(", ")}: involved and continuing, of the stakeholders recorded in the period.`
            : "No indicator is linked to the register yet: link a percentage indicator in the pilot's set-up."}
        </p>
      </div>
      <div className="toolbar">
        <span className="spacer" />
        <a className="button" href={`/api/exports/pilots/${pilot.id}/stakeholders.xlsx`} download>
          Download XLSX
        </a>
        <a className="button" href={`/api/exports/pilots/${pilot.id}/stakeholders.csv`} download>
          Download CSV
        </a>
      </div>

      {period ? (
        <PeriodRegister key={period.id} period={period} periods={started} stakeholders={active} onPeriod={setPeriodId} disabled={!!pilot.archivedAt} />
      ) : (
        <EmptyState>No reporting period has started yet: involvement can be recorded from the first period's start.</EmptyState>
      )}

      <section aria-labelledby="register-heading">
        <h2 id="register-heading">Register ({active.length} active)</h2>
        <div className="toolbar">
          <span className="spacer" />
          {!pilot.archivedAt && (
            <button type="button" className="primary" onClick={() => setEditing("new")}>
              Add stakeholder
            </button>
          )}
        </div>
        {editing === "new" && (
          <div className="card">
            <h3>New stakeholder</h3>
            <StakeholderForm pilotId={pilot.id} onDone={() => setEditing(null)} />
          </div>
        )}
        {archive.error && <ErrorMessage error={archive.error} />}
        {stakeholders.length === 0 ? (
          <EmptyState>No stakeholders yet: add the organisations the pilot mapped.</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Type</th>
                  <th scope="col">Contact and notes</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {stakeholders.map((s) =>
                  editing === s.id ? (
                    <tr key={s.id}>
                      <td colSpan={4}>
                        <StakeholderForm pilotId={pilot.id} stakeholder={s} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  ) : (
                    <tr key={s.id}>
                      <th scope="row">
                        {s.organisation} {s.archivedAt && <ArchivedBadge />}
                      </th>
                      <td>{stakeholderTypeLabels[s.type]}</td>
                      <td className="small">
                        {s.contact}
                        {s.notes && <div className="muted">{s.notes}</div>}
                      </td>
                      <td className="nowrap">
                        {!pilot.archivedAt && (
                          <>
                            <button type="button" onClick={() => setEditing(s.id)} aria-label={`Edit ${s.organisation}`}>
                              Edit
                            </button>{" "}
                            <button
                              type="button"
                              onClick={() => archive.mutate({ id: s.id, archived: !s.archivedAt })}
                              aria-label={`${s.archivedAt ? "Restore" : "Archive"} ${s.organisation}`}
                            >
                              {s.archivedAt ? "Restore" : "Archive"}
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
}: {
  period: PeriodView;
  periods: PeriodView[];
  stakeholders: StakeholderView[];
  onPeriod: (id: number) => void;
  disabled: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const recorded = new Map(period.entries.map((e) => [e.stakeholderId, e]));
  // Only what the person changed; everything else shows what is recorded (also for stakeholders added meanwhile).
  const [ticks, setTicks] = useState<Record<number, RegisterEntry>>({});
  const tickOf = (id: number): RegisterEntry =>
    ticks[id] ?? { involved: recorded.get(id)?.involved ?? false, plansToContinue: recorded.get(id)?.plansToContinue ?? false };
  const [enteredBy, setEnteredBy] = useState("");
  const [comment, setComment] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.stakeholders.savePeriod.mutationOptions({
      onSuccess: (outcome) => {
        setSaved(`Saved: ${outcome.share.numerator} of ${outcome.share.denominator} stakeholders involved and continuing.`);
        return queryClient.invalidateQueries();
      },
    }),
  );
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
      enteredBy: enteredBy.trim(),
      entries: stakeholders.map((s) => ({ stakeholderId: s.id, ...tickOf(s.id) })),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  };
  const nameError = fieldErrorsOf(save.error).enteredBy;
  const lastEntry = period.entries.reduce<PeriodView["entries"][number] | null>((latest, e) => (!latest || e.enteredAt > latest.enteredAt ? e : latest), null);
  return (
    <section className="card" aria-labelledby="period-register-heading">
      <h2 id="period-register-heading">Involvement in {period.label}</h2>
      <div className="toolbar">
        <label>
          Period{" "}
          <select value={period.id} onChange={(e) => onPeriod(Number(e.target.value))}>
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {formatDate(period.startDate)} – {formatDate(period.endDate)}
          {lastEntry ? ` · last recorded by ${lastEntry.enteredBy}` : " · nothing recorded yet"}
        </span>
      </div>
      <p className="register-share" role="status" aria-live="polite">
        <strong>
          {share.numerator} of {share.denominator}
        </strong>{" "}
        stakeholders involved and planning to continue: <strong>{share.percentage === null ? "–" : formatPercent(share.percentage, 2)}</strong>
      </p>
      {stakeholders.length === 0 ? (
        <EmptyState>Add stakeholders to the register first.</EmptyState>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="table-scroll">
            <table className="data-table register-table">
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Involved</th>
                  <th scope="col">Plans to continue</th>
                  <th scope="col">Counts</th>
                </tr>
              </thead>
              <tbody>
                {stakeholders.map((s) => {
                  const tick = tickOf(s.id);
                  return (
                    <tr key={s.id} data-stakeholder={s.organisation}>
                      <th scope="row">
                        {s.organisation}
                        <div className="muted small">{stakeholderTypeLabels[s.type]}</div>
                      </th>
                      <td>
                        <input type="checkbox" checked={tick.involved} disabled={disabled} aria-label={`${s.organisation} involved`} onChange={(e) => set(s.id, { involved: e.target.checked })} />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          checked={tick.plansToContinue}
                          disabled={disabled || !tick.involved}
                          aria-label={`${s.organisation} plans to continue`}
                          onChange={(e) => set(s.id, { plansToContinue: e.target.checked })}
                        />
                      </td>
                      <td>{tick.involved && tick.plansToContinue ? "✔ counts" : <span className="muted">does not count</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="register-entered-by">Your name</label>
              <input id="register-entered-by" value={enteredBy} onChange={(e) => setEnteredBy(e.target.value)} aria-invalid={nameError ? "true" : undefined} />
              {nameError && <p className="field-error">{nameError}</p>}
            </div>
            <div className="field">
              <label htmlFor="register-comment">Comment for the indicator (optional)</label>
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
                <span aria-hidden="true">✔</span> {saved}
              </p>
            )}
            <button type="submit" className="primary" disabled={save.isPending || disabled}>
              Save {period.label}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function StakeholderForm({ pilotId, stakeholder, onDone }: { pilotId: number; stakeholder?: StakeholderView; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState({
    organisation: stakeholder?.organisation ?? "",
    type: stakeholder?.type ?? ("" as StakeholderType | ""),
    contact: stakeholder?.contact ?? "",
    notes: stakeholder?.notes ?? "",
  });
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
  const id = stakeholder ? `stakeholder-${stakeholder.id}` : "stakeholder-new";
  return (
    <form onSubmit={onSubmit} noValidate className="stakeholder-form">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-organisation`}>Organisation</label>
          <input id={`${id}-organisation`} value={fields.organisation} onChange={(e) => setFields({ ...fields, organisation: e.target.value })} aria-invalid={errors.organisation ? "true" : undefined} />
          {errors.organisation && <p className="field-error">{errors.organisation}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select id={`${id}-type`} value={fields.type} onChange={(e) => setFields({ ...fields, type: e.target.value as StakeholderType })} aria-invalid={errors.type ? "true" : undefined}>
            <option value="">Choose…</option>
            {stakeholderTypes.map((t) => (
              <option key={t} value={t}>
                {stakeholderTypeLabels[t]}
              </option>
            ))}
          </select>
          {errors.type && <p className="field-error">{errors.type}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-contact`}>Contact</label>
          <input id={`${id}-contact`} value={fields.contact} onChange={(e) => setFields({ ...fields, contact: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <input id={`${id}-notes`} value={fields.notes} onChange={(e) => setFields({ ...fields, notes: e.target.value })} />
        </div>
      </div>
      <FormActions error={mutation.error} saving={mutation.isPending} submitLabel={stakeholder ? "Save stakeholder" : "Add stakeholder"} onCancel={onDone} />
    </form>
  );
}
