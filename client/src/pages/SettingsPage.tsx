import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/** The administrator's settings for the whole server. */
export function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t("settings.heading"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const [managersCreateProjects, setManagersCreateProjects] = useState<boolean | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        setManagersCreateProjects(null);
        await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
    }),
  );
  if (settings.isPending) return <Loading what={t("settings.loading")} />;
  if (settings.isError) return <ErrorMessage error={settings.error} retry={() => settings.refetch()} />;
  const shown = managersCreateProjects ?? settings.data.managersCreateProjects;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({ managersCreateProjects: shown, version: settings.data.version });
  };
  return (
    <>
      <div className="page-heading">
        <h1>{t("settings.heading")}</h1>
        <p className="muted">{t("settings.intro")}</p>
      </div>
      <form className="card" onSubmit={submit} aria-labelledby="settings-projects-heading">
        <h2 id="settings-projects-heading">{t("settings.projectsHeading")}</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={shown}
            onChange={(e) => {
              setSaved(false);
              setManagersCreateProjects(e.target.checked);
            }}
            aria-describedby="settings-managers-hint"
          />{" "}
          {t("settings.managersCreateProjects")}
        </label>
        <p id="settings-managers-hint" className="muted small">
          {t("settings.managersCreateProjectsHint")}
        </p>
        {save.error && (
          <p className="field-error" role="alert">
            {save.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("settings.save")}
          </button>
        </div>
        <div role="status">{saved && <p className="success">{t("settings.saved")}</p>}</div>
      </form>
    </>
  );
}
