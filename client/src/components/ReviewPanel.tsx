import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReviewState } from "../../../shared/domain";
import { canTakeStep, needsComment, reviewSteps, submissionCheck, type ReviewStep } from "../../../shared/review";
import { useCan } from "../hooks/useMe";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { CompletenessSummary } from "./CompletenessSummary";
import { EvidenceItems, EvidenceStatusLabel, usePeriodEvidence } from "./EvidenceSection";

interface Report {
  state: ReviewState;
  version: number;
  lastTransitionBy: string | null;
  lastTransitionAt: string | null;
  returnComment: string;
  reopenReason: string;
  evidenceNote?: string;
}

/** The period report's review state, how complete it is, and the steps the signed-in person may take from it. */
export function ReviewPanel({ periodId, target, report }: { periodId: number; target: { projectId: number; pilotId: number }; report: Report }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const [comment, setComment] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [evidenceChecked, setEvidenceChecked] = useState<number[]>([]);
  const [evidenceNote, setEvidenceNote] = useState("");
  const evidence = usePeriodEvidence(periodId);
  const reported = (evidence.data?.indicators ?? []).filter((item) => item.hasResult);
  const evidenceMissing = reported.filter((item) => item.status === "missing");
  const evidenceToCheck = reported.filter((item) => item.status !== "notExpected");
  const completeness = useQuery(trpc.reviews.completeness.queryOptions({ periodId }));
  const options = {
    onSuccess: () => {
      setComment("");
      setConfirming(false);
      setEvidenceChecked([]);
      setEvidenceNote("");
      return queryClient.invalidateQueries();
    },
  };
  const mutations = {
    submit: useMutation(trpc.reviews.submit.mutationOptions(options)),
    withdraw: useMutation(trpc.reviews.withdraw.mutationOptions(options)),
    return: useMutation(trpc.reviews.return.mutationOptions(options)),
    approve: useMutation(trpc.reviews.approve.mutationOptions(options)),
    reopen: useMutation(trpc.reviews.reopen.mutationOptions(options)),
  };
  const steps = (Object.keys(reviewSteps) as ReviewStep[]).filter((step) => canTakeStep(step, report.state) && can(reviewSteps[step].action, target));
  const withComment = steps.some(needsComment);
  const error = Object.values(mutations).find((m) => m.error)?.error;
  const pending = Object.values(mutations).some((m) => m.isPending);
  const submission = completeness.data ? submissionCheck(completeness.data, false) : null;
  const take = (step: ReviewStep, confirmIncomplete = false) =>
    mutations[step].mutate({ periodId, version: report.version, comment, confirmIncomplete, ...(step === "approve" ? { evidenceChecked, evidenceNote } : {}) });
  const onStep = (step: ReviewStep) => {
    // An incomplete period is submitted only once the person has seen which indicators are missing.
    if (step === "submit" && submission === "needsConfirmation") return setConfirming(true);
    take(step);
  };
  return (
    <section className={`card review-panel review-${report.state}`} aria-labelledby="review-heading">
      <h2 id="review-heading">
        {t("reviews.panelHeading")} <span className="review-state">{t(`labels.reviewState.${report.state}`)}</span>
      </h2>
      {report.lastTransitionBy && (
        <p className="muted small">
          {report.lastTransitionAt
            ? t("reviews.lastStepByOn", { name: report.lastTransitionBy, date: f.date(report.lastTransitionAt) })
            : t("reviews.lastStepBy", { name: report.lastTransitionBy })}
        </p>
      )}
      {completeness.data && <CompletenessSummary completeness={completeness.data} detailed />}
      {report.state === "returned" && report.returnComment && (
        <blockquote className="comment">
          <p>{report.returnComment}</p>
          <footer>{t("reviews.managerComment")}</footer>
        </blockquote>
      )}
      {report.state === "draft" && report.reopenReason && <p className="muted">{t("reviews.reopened", { reason: report.reopenReason })}</p>}
      {withComment && (
        <div className="field">
          <label htmlFor="review-comment">{steps.includes("reopen") ? t("reviews.reopenReason") : t("reviews.returnComment")}</label>
          <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
      )}
      {steps.includes("submit") && submission === "empty" && <p className="muted">{t("reviews.emptyPeriod")}</p>}
      {steps.includes("submit") && evidenceMissing.length > 0 && (
        <div className="evidence-warning" role="note">
          <p>
            <strong>{t("evidence.review.missingWarning", { count: evidenceMissing.length })}</strong>
          </p>
          <ul>
            {evidenceMissing.map((item) => (
              <li key={item.indicatorId}>
                {item.name} — {t("evidence.expected", { means: item.meansOfVerification })}
              </li>
            ))}
          </ul>
          <p className="muted small">{t("evidence.review.missingHint")}</p>
        </div>
      )}
      {steps.includes("approve") && evidenceToCheck.length > 0 && (
        <fieldset className="evidence-check">
          <legend>{t("evidence.review.heading")}</legend>
          {evidenceToCheck.map((item) => (
            <div key={item.indicatorId} className="evidence-check-item">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={evidenceChecked.includes(item.indicatorId)}
                  onChange={(e) => setEvidenceChecked((ids) => (e.target.checked ? [...ids, item.indicatorId] : ids.filter((id) => id !== item.indicatorId)))}
                />{" "}
                {t("evidence.review.checked", { indicator: item.name })} <EvidenceStatusLabel status={item.status} />
              </label>
              {item.meansOfVerification && <p className="muted small">{t("evidence.expected", { means: item.meansOfVerification })}</p>}
              <EvidenceItems items={item.items} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="evidence-note">{t("evidence.review.note")}</label>
            <textarea id="evidence-note" rows={2} value={evidenceNote} onChange={(e) => setEvidenceNote(e.target.value)} />
          </div>
        </fieldset>
      )}
      {report.state === "approved" && report.evidenceNote && <p className="muted">{t("evidence.review.pendingNote", { note: report.evidenceNote })}</p>}
      {steps.includes("withdraw") && <p className="muted small">{t("reviews.withdrawHint")}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {confirming && completeness.data ? (
        <div className="confirm-incomplete" role="alertdialog" aria-labelledby="confirm-incomplete-heading" aria-describedby="confirm-incomplete-question">
          <p id="confirm-incomplete-heading">
            <strong>{t("reviews.confirmIncomplete", { count: completeness.data.missing.length })}</strong>
          </p>
          <ul>
            {completeness.data.missing.map((indicator) => (
              <li key={indicator.id}>{indicator.name}</li>
            ))}
          </ul>
          <p id="confirm-incomplete-question">{t("reviews.confirmIncompleteQuestion")}</p>
          <div className="form-actions">
            <button type="button" className="primary" disabled={pending} onClick={() => take("submit", true)}>
              {t("reviews.submitIncomplete")}
            </button>
            <button type="button" disabled={pending} onClick={() => setConfirming(false)} autoFocus>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      ) : (
        steps.length > 0 && (
          <div className="form-actions">
            {steps.map((step) => (
              <button
                key={step}
                type="button"
                className={step === "approve" || step === "submit" ? "primary" : undefined}
                disabled={pending || (step === "submit" && submission === "empty")}
                onClick={() => onStep(step)}
              >
                {t(`reviews.steps.${step}`)}
              </button>
            ))}
          </div>
        )
      )}
    </section>
  );
}
