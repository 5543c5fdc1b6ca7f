import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReviewState } from "../../../shared/domain";
import { canTakeStep, needsComment, reviewSteps, submissionCheck, type ReviewStep } from "../../../shared/review";
import { useCan } from "../hooks/useMe";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";
import { CompletenessSummary } from "./CompletenessSummary";

interface Report {
  state: ReviewState;
  version: number;
  lastTransitionBy: string | null;
  lastTransitionAt: string | null;
  returnComment: string;
  reopenReason: string;
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
  const completeness = useQuery(trpc.reviews.completeness.queryOptions({ periodId }));
  const options = {
    onSuccess: () => {
      setComment("");
      setConfirming(false);
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
  const take = (step: ReviewStep, confirmIncomplete = false) => mutations[step].mutate({ periodId, version: report.version, comment, confirmIncomplete });
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
