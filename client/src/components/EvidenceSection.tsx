import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { EVIDENCE_LIMITS, evidenceAccept, previewableTypes, type EvidenceType } from "../../../shared/evidence";
import { LANGUAGE_HEADER } from "../../../shared/i18n/languages";
import { evidenceLinkInput } from "../../../shared/schemas";
import { validate } from "../formErrors";
import { currentLanguage } from "../i18n";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

/*
 * The evidence behind a period's results: per indicator, what the reference sheet expects, what is
 * attached (files download as attachments, raster images show a sandboxed preview), and, for whoever may
 * enter results while the period is open, a file picker and a link form. Its own forms, outside the
 * results' form: attaching never saves or loses typed values.
 */

type PeriodEvidence = { indicatorId: number; name: string; meansOfVerification: string; status: "notExpected" | "attached" | "missing"; items: EvidenceItem[] };
type EvidenceItem = {
  id: number;
  kind: "file" | "link";
  description: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  url: string | null;
  addedBy: string;
};

export function usePeriodEvidence(periodId: number) {
  const trpc = useTRPC();
  return useQuery(trpc.evidence.forPeriod.queryOptions({ periodId }));
}

export function EvidenceSection({ periodId, mayEdit }: { periodId: number; mayEdit: boolean }) {
  const { t } = useTranslation();
  const evidence = usePeriodEvidence(periodId);
  if (!evidence.data) return null;
  return (
    <section className="card evidence-section" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t("evidence.heading")}</h2>
      <p className="muted small">{t("evidence.limits", { megabytes: EVIDENCE_LIMITS.maxBytes / 1024 / 1024, max: EVIDENCE_LIMITS.maxItemsPerResult })}</p>
      {evidence.data.indicators.map((indicator) => (
        <IndicatorEvidenceBlock key={indicator.indicatorId} periodId={periodId} indicator={indicator} mayEdit={mayEdit} />
      ))}
    </section>
  );
}

export function EvidenceStatusLabel({ status }: { status: PeriodEvidence["status"] }) {
  const { t } = useTranslation();
  return <span className={`evidence-status evidence-${status}`}>{t(`evidence.status.${status}`)}</span>;
}

export function EvidenceItems({ items }: { items: EvidenceItem[] }) {
  const { t } = useTranslation();
  const f = useFormatters();
  if (items.length === 0) return null;
  return (
    <ul className="evidence-items">
      {items.map((item) => (
        <li key={item.id}>
          {item.kind === "file" ? (
            <>
              {previewableTypes.includes(item.contentType as EvidenceType) && <img className="evidence-preview" src={`/api/evidence/${item.id}/preview`} alt="" />}
              <a href={`/api/evidence/${item.id}/file`} download>
                {item.fileName}
              </a>{" "}
              <span className="muted small">({t("evidence.fileSize", { size: f.number((item.sizeBytes ?? 0) / 1024, 0) })})</span>
            </>
          ) : (
            <a href={item.url ?? "#"} target="_blank" rel="noopener noreferrer nofollow">
              {item.url}
            </a>
          )}
          {item.description && <span> — {item.description}</span>}
          <span className="muted small"> · {t("evidence.addedBy", { name: item.addedBy })}</span>
        </li>
      ))}
    </ul>
  );
}

function IndicatorEvidenceBlock({ periodId, indicator, mayEdit }: { periodId: number; indicator: PeriodEvidence; mayEdit: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileDescription, setFileDescription] = useState("");
  const [url, setUrl] = useState("");
  const [linkDescription, setLinkDescription] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.evidence.pathKey() });
  const addLink = useMutation(
    trpc.evidence.addLink.mutationOptions({
      onSuccess: () => {
        setUrl("");
        setLinkDescription("");
        return refresh();
      },
    }),
  );
  const remove = useMutation(trpc.evidence.remove.mutationOptions({ onSuccess: refresh }));

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setFileError(t("evidence.errors.chooseFile"));
    if (file.size > EVIDENCE_LIMITS.maxBytes) return setFileError(t("evidence.errors.tooLarge", { megabytes: EVIDENCE_LIMITS.maxBytes / 1024 / 1024 }));
    setUploading(true);
    setFileError(null);
    try {
      const query = new URLSearchParams({ periodId: String(periodId), indicatorId: String(indicator.indicatorId), fileName: file.name, description: fileDescription });
      // The file goes as the raw body, like an import: the server judges its type from the content.
      const response = await fetch(`/api/evidence?${query}`, { method: "POST", body: file, credentials: "same-origin", headers: { [LANGUAGE_HEADER]: currentLanguage() } });
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      if (!response.ok) setFileError(body.error ?? t("evidence.errors.uploadFailed"));
      else {
        setFile(null);
        setFileDescription("");
        (event.target as HTMLFormElement).reset();
        await refresh();
      }
    } catch {
      setFileError(t("evidence.errors.uploadFailed"));
    } finally {
      setUploading(false);
    }
  };

  const [linkError, setLinkError] = useState<string | null>(null);
  const shownLinkError = linkError ?? addLink.error?.message ?? null;
  return (
    <div className="evidence-block" data-indicator={indicator.indicatorId}>
      <h3>
        {indicator.name} <EvidenceStatusLabel status={indicator.status} />
      </h3>
      <p className="muted small">{indicator.meansOfVerification ? t("evidence.expected", { means: indicator.meansOfVerification }) : t("evidence.noneExpected")}</p>
      <EvidenceItems items={indicator.items} />
      {mayEdit && indicator.items.length > 0 && (
        <ul className="evidence-remove">
          {indicator.items.map((item) => (
            <li key={item.id}>
              <button type="button" className="link-button" disabled={remove.isPending} onClick={() => remove.mutate({ evidenceId: item.id })}>
                {t("evidence.remove", { name: item.fileName ?? item.url ?? "" })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && (
        <p className="field-error" role="alert">
          {remove.error.message}
        </p>
      )}
      {mayEdit && (
        <div className="evidence-forms">
          <form onSubmit={upload} noValidate aria-label={t("evidence.attachFileTo", { indicator: indicator.name })}>
            <div className="field">
              <label htmlFor={`${id}-file`}>{t("evidence.file")}</label>
              <input
                id={`${id}-file`}
                type="file"
                accept={evidenceAccept}
                aria-invalid={fileError ? "true" : undefined}
                aria-describedby={`${id}-file-error`}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <p id={`${id}-file-error`} className="field-error" role={fileError ? "alert" : undefined}>
                {fileError}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-file-description`}>{t("evidence.description")}</label>
              <input id={`${id}-file-description`} maxLength={EVIDENCE_LIMITS.maxDescription} value={fileDescription} onChange={(e) => setFileDescription(e.target.value)} />
            </div>
            <button type="submit" disabled={uploading}>
              {uploading ? t("evidence.uploading") : t("evidence.attachFile")}
            </button>
          </form>
          <form
            noValidate
            aria-label={t("evidence.addLinkTo", { indicator: indicator.name })}
            onSubmit={(event) => {
              event.preventDefault();
              const checked = validate(evidenceLinkInput, { periodId, indicatorId: indicator.indicatorId, url, description: linkDescription });
              setLinkError(checked.ok ? null : (checked.errors.url ?? checked.errors.description ?? null));
              if (checked.ok) addLink.mutate(checked.data);
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-url`}>{t("evidence.link")}</label>
              <input
                id={`${id}-url`}
                type="url"
                inputMode="url"
                value={url}
                aria-invalid={shownLinkError ? "true" : undefined}
                aria-describedby={`${id}-url-error`}
                onChange={(e) => setUrl(e.target.value)}
              />
              <p id={`${id}-url-error`} className="field-error">
                {shownLinkError}
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-link-description`}>{t("evidence.description")}</label>
              <input id={`${id}-link-description`} maxLength={EVIDENCE_LIMITS.maxDescription} value={linkDescription} onChange={(e) => setLinkDescription(e.target.value)} />
            </div>
            <button type="submit" disabled={addLink.isPending}>
              {t("evidence.addLink")}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
