import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useTRPC } from "../trpc";

const idOf = (text: string | null) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The project and pilot a page is narrowed to, kept in its address (?project=3&pilot=7) so that a link or a reload keeps them. */
export function useProjectPilotFilter(): { projectId?: number; pilotId?: number } {
  const [params] = useSearchParams();
  const projectId = idOf(params.get("project"));
  const pilotId = idOf(params.get("pilot"));
  return { ...(projectId ? { projectId } : {}), ...(pilotId ? { pilotId } : {}) };
}

/** Two choices, project then pilot (only the chosen project's), among what the person may see. */
export function ProjectPilotFilter({ idPrefix }: { idPrefix: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const { projectId, pilotId } = useProjectPilotFilter();
  const projects = useQuery(trpc.projects.list.queryOptions());
  const pilots = useQuery(trpc.pilots.list.queryOptions());
  const choose = (changes: Record<string, number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next, { replace: true });
  };
  const pilotChoices = (pilots.data ?? []).filter((p) => projectId === undefined || p.projectId === projectId);
  return (
    <div className="toolbar filters" role="group" aria-label={t("filters.label")}>
      <div className="field">
        <label htmlFor={`${idPrefix}-project`}>{t("filters.project")}</label>
        <select id={`${idPrefix}-project`} value={projectId ?? ""} onChange={(e) => choose({ project: idOf(e.target.value), pilot: undefined })}>
          <option value="">{t("filters.allProjects")}</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-pilot`}>{t("filters.pilot")}</label>
        <select id={`${idPrefix}-pilot`} value={pilotId ?? ""} onChange={(e) => choose({ pilot: idOf(e.target.value) })}>
          <option value="">{t("filters.allPilots")}</option>
          {pilotChoices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
