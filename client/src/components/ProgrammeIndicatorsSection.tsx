import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { contributionRules, type ContributionRule } from "../../../shared/programmeIndicators";
import { projectTargetInput } from "../../../shared/schemas";
import { numberFromText, validate } from "../formErrors";
import { useFormatters } from "../i18n/useFormatters";
import { fieldErrorsOf, useTRPC } from "../trpc";
import { ErrorMessage, EmptyState, Loading } from "./QueryState";
import { StatusBadge } from "./StatusBadge";

/**
 * The project's programme indicators (decision 028): per indicator the target, what is achieved to date,
 * what is still due, and the contributing pilot indicators with their status and any definition warning;
 * a manager adopts indicators, sets targets and links pilot indicators; everybody who reads the project
 * downloads the progress report of a reporting period.
 */
export function ProgrammeIndicatorsSection({ projectId, maySetUp }: { projectId: number; maySetUp: boolean }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const progress = useQuery(trpc.programmeIndicators.forProject.queryOptions({ projectId }));
  if (progress.isPending) return <Loading what={t("programme.section.loading")} />;
  if (progress.isError) return <ErrorMessage error={progress.error} retry={() => progress.refetch()} />;
  const { indicators, asOf } = progress.data;
  return (
    <section aria-labelledby="programme-indicators-heading" className="programme-indicators">
      <h2 id="programme-indicators-heading">{t("programme.section.heading")}</h2>
      <p className="muted small">{t("programme.section.intro", { date: f.date(asOf) })}</p>
      {maySetUp && <AdoptForm projectId={projectId} adopted={new Set(indicators.map((i) => i.id))} />}
      {indicators.length === 0 ? (
        <EmptyState>{t("programme.section.empty")}</EmptyState>
      ) : (
        indicators.map((indicator) => (
          <article key={indicator.id} className="card programme-indicator" aria-labelledby={`programme-${indicator.id}`}>
            <h3 id={`programme-${indicator.id}`}>
              {indicator.code} · {indicator.name}
            </h3>
            <p className="muted small">
              {t(`programme.levels.${indicator.level}`)} · {indicator.unit} · {t(`programme.aggregations.${indicator.aggregation}`)} ·{" "}
              {t(`programme.measurementTimes.${indicator.measurementTime}`)}
            </p>
            <dl className="programme-figures">
              <div>
                <dt>{t("programme.columns.target")}</dt>
                <dd data-testid={`target-${indicator.code}`}>{f.number(indicator.target)}</dd>
              </div>
              <div>
                <dt>{t("programme.section.achieved")}</dt>
                <dd data-testid={`achieved-${indicator.code}`}>{indicator.achieved === null ? "–" : f.number(indicator.achieved)}</dd>
              </div>
              <div>
                <dt>{t("programme.columns.stillDue")}</dt>
                <dd data-testid={`due-${indicator.code}`}>{indicator.stillDue === null ? "–" : f.number(indicator.stillDue)}</dd>
              </div>
            </dl>
            {maySetUp && <TargetForm projectId={projectId} indicator={indicator} />}
            {indicator.contributions.length === 0 ? (
              <p className="muted">{t("programme.section.noContributions")}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">{t("programme.section.contributionsOf", { code: indicator.code })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("programme.columns.pilot")}</th>
                      <th scope="col">{t("programme.columns.pilotIndicator")}</th>
                      <th scope="col">{t("programme.columns.rule")}</th>
                      <th scope="col">{t("programme.columns.status")}</th>
                      <th scope="col">{t("programme.section.counts")}</th>
                      {maySetUp && (
                        <th scope="col">
                          <span className="visually-hidden">{t("programme.columns.actions")}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {indicator.contributions.map((line) => (
                      <tr key={line.indicatorId}>
                        <td>
                          <Link to={`/pilots/${line.pilotId}`}>{line.pilotTitle}</Link>
                        </td>
                        <td>
                          {line.indicatorName}
                          {line.warnings.map((warning) => (
                            <p key={warning.key} className="warning-text small">
                              <span aria-hidden="true">⚠</span> {f.message(warning)}
                            </p>
                          ))}
                        </td>
                        <td>{t(`programme.rules.${line.rule}`)}</td>
                        <td>
                          <StatusBadge status={line.status} />
                        </td>
                        <td className="number">
                          {line.value !== null
                            ? f.number(line.value)
                            : indicator.measurementTime === "upon_finalisation" && line.pilotEndDate > asOf
                              ? t("programme.section.dueAtPilotEnd", { date: f.date(line.pilotEndDate) })
                              : t("programme.section.notReported")}
                        </td>
                        {maySetUp && (
                          <td className="actions">
                            <UnlinkButton indicatorId={line.indicatorId} programmeIndicatorId={indicator.id} label={`${line.pilotTitle}: ${line.indicatorName}`} />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {maySetUp && (
              <LinkForm projectId={projectId} programmeIndicatorId={indicator.id} code={indicator.code} linked={new Set(indicator.contributions.map((c) => c.indicatorId))} />
            )}
          </article>
        ))
      )}
      {indicators.length > 0 && <ReportChooser projectId={projectId} />}
    </section>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.programmeIndicators.pathKey() });
}

function AdoptForm({ projectId, adopted }: { projectId: number; adopted: Set<number> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const refresh = useRefresh();
  const catalogue = useQuery(trpc.programmeIndicators.catalogue.queryOptions({}));
  const [chosen, setChosen] = useState("");
  const [target, setTarget] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.programmeIndicators.setTarget.mutationOptions({
      onSuccess: () => {
        setChosen("");
        setTarget("");
        return refresh();
      },
    }),
  );
  const available = (catalogue.data?.indicators ?? []).filter((i) => !adopted.has(i.id) && !i.archivedAt);
  const shown = { ...fieldErrorsOf(save.error), ...errors };
  if (catalogue.data && available.length === 0) return <p className="muted small">{t("programme.section.catalogueExhausted")}</p>;
  return (
    <form
      noValidate
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const checked = validate(projectTargetInput, { projectId, programmeIndicatorId: chosen === "" ? undefined : Number(chosen), target: numberFromText(target), version: 0 });
        setErrors(checked.ok ? {} : checked.errors);
        if (checked.ok) save.mutate(checked.data);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-indicator`}>{t("programme.section.adoptIndicator")}</label>
        <select
          id={`${id}-indicator`}
          value={chosen}
          onChange={(e) => setChosen(e.target.value)}
          aria-invalid={shown.programmeIndicatorId ? "true" : undefined}
          aria-describedby={`${id}-indicator-error`}
        >
          <option value="">{t("programme.section.chooseIndicator")}</option>
          {available.map((indicator) => (
            <option key={indicator.id} value={indicator.id}>
              {indicator.code} · {indicator.name}
            </option>
          ))}
        </select>
        <p id={`${id}-indicator-error`} className="field-error">
          {shown.programmeIndicatorId}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-target`}>{t("programme.section.projectTarget")}</label>
        <input
          id={`${id}-target`}
          inputMode="decimal"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          aria-invalid={shown.target ? "true" : undefined}
          aria-describedby={`${id}-target-error`}
        />
        <p id={`${id}-target-error`} className="field-error">
          {shown.target}
        </p>
      </div>
      {save.error && Object.keys(fieldErrorsOf(save.error)).length === 0 && (
        <p className="field-error" role="alert">
          {save.error.message}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {t("programme.section.adopt")}
      </button>
    </form>
  );
}

function TargetForm({ projectId, indicator }: { projectId: number; indicator: { id: number; code: string; target: number; targetVersion: number } }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const id = useId();
  const refresh = useRefresh();
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.programmeIndicators.setTarget.mutationOptions({
      onSuccess: () => {
        setTarget(null);
        return refresh();
      },
    }),
  );
  const shownError = error ?? fieldErrorsOf(save.error).target ?? save.error?.message;
  return (
    <form
      noValidate
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const checked = validate(projectTargetInput, {
          projectId,
          programmeIndicatorId: indicator.id,
          target: numberFromText(target ?? String(indicator.target)),
          version: indicator.targetVersion,
        });
        setError(checked.ok ? null : (checked.errors.target ?? Object.values(checked.errors)[0] ?? null));
        if (checked.ok) save.mutate(checked.data);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-target`}>{t("programme.section.changeTarget", { code: indicator.code })}</label>
        <input
          id={`${id}-target`}
          inputMode="decimal"
          value={target ?? f.number(indicator.target)}
          onChange={(e) => setTarget(e.target.value)}
          aria-invalid={shownError ? "true" : undefined}
          aria-describedby={`${id}-target-error`}
        />
        <p id={`${id}-target-error`} className="field-error">
          {shownError}
        </p>
      </div>
      <button type="submit" disabled={save.isPending || target === null}>
        {t("programme.section.saveTarget")}
      </button>
    </form>
  );
}

function LinkForm({ projectId, programmeIndicatorId, code, linked }: { projectId: number; programmeIndicatorId: number; code: string; linked: Set<number> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const refresh = useRefresh();
  const linkable = useQuery(trpc.programmeIndicators.linkable.queryOptions({ projectId }));
  const [indicatorId, setIndicatorId] = useState("");
  const [rule, setRule] = useState<ContributionRule>("value");
  const [error, setError] = useState<string | null>(null);
  const link = useMutation(
    trpc.programmeIndicators.link.mutationOptions({
      onSuccess: () => {
        setIndicatorId("");
        return refresh();
      },
    }),
  );
  const options = (linkable.data ?? []).filter((i) => !linked.has(i.id));
  const shownError = error ?? (link.error ? (Object.values(fieldErrorsOf(link.error))[0] ?? link.error.message) : null);
  return (
    <form
      noValidate
      className="inline-form"
      aria-label={t("programme.section.linkTo", { code })}
      onSubmit={(event) => {
        event.preventDefault();
        if (indicatorId === "") {
          setError(t("programme.section.choosePilotIndicatorFirst"));
          return;
        }
        setError(null);
        link.mutate({ indicatorId: Number(indicatorId), programmeIndicatorId, rule });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-indicator`}>{t("programme.section.pilotIndicatorFor", { code })}</label>
        <select
          id={`${id}-indicator`}
          value={indicatorId}
          onChange={(e) => setIndicatorId(e.target.value)}
          aria-describedby={`${id}-error`}
          aria-invalid={shownError ? "true" : undefined}
        >
          <option value="">{t("programme.section.choosePilotIndicator")}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.pilotTitle}: {option.name}
            </option>
          ))}
        </select>
        <p id={`${id}-error`} className="field-error">
          {shownError}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-rule`}>{t("programme.section.ruleFor", { code })}</label>
        <select id={`${id}-rule`} value={rule} onChange={(e) => setRule(e.target.value as ContributionRule)}>
          {contributionRules.map((r) => (
            <option key={r} value={r}>
              {t(`programme.rules.${r}`)}
            </option>
          ))}
        </select>
        {/* The same height as the field beside it, which has a line for its error. */}
        <p className="field-error" />
      </div>
      <button type="submit" disabled={link.isPending}>
        {t("programme.section.link")}
      </button>
    </form>
  );
}

function UnlinkButton({ indicatorId, programmeIndicatorId, label }: { indicatorId: number; programmeIndicatorId: number; label: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const unlink = useMutation(trpc.programmeIndicators.unlink.mutationOptions({ onSuccess: refresh }));
  return (
    <button type="button" className="link-button" disabled={unlink.isPending} onClick={() => unlink.mutate({ indicatorId, programmeIndicatorId })}>
      {t("programme.section.unlink")} <span className="visually-hidden">{label}</span>
    </button>
  );
}

function ReportChooser({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const periods = useQuery(trpc.programmeIndicators.reportPeriods.queryOptions({ projectId }));
  const [chosen, setChosen] = useState<number | null>(null);
  if (!periods.data || periods.data.length === 0) return null;
  // The latest period that has ended is the one a lead partner reports; before any has, the first.
  const fallback = [...periods.data].reverse().find((p) => p.ended)?.sequence ?? periods.data[0]!.sequence;
  const period = chosen ?? fallback;
  return (
    <div className="card programme-report" role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("programme.report.heading")}</h3>
      <p className="muted small">{t("programme.report.intro")}</p>
      <div className="field">
        <label htmlFor={`${id}-period`}>{t("programme.report.period")}</label>
        <select id={`${id}-period`} value={period} onChange={(e) => setChosen(Number(e.target.value))}>
          {periods.data.map((p) => (
            <option key={p.sequence} value={p.sequence}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar">
        <a className="button" href={`/api/exports/projects/${projectId}/progress-report/${period}.xlsx`} download>
          {t("programme.report.downloadXlsx")}
        </a>
        <Link className="button" to={`/projects/${projectId}/progress-report/${period}/print`}>
          {t("programme.report.printView")}
        </Link>
      </div>
    </div>
  );
}
