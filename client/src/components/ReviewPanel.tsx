import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReviewState } from "../../../shared/domain";
import { canTakeStep, needsComment, reviewSteps, type ReviewStep } from "../../../shared/review";
import { useCan } from "../hooks/useMe";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

interface Report {
  state: ReviewState;
  version: number;
  lastTransitionBy: string | null;
  lastTransitionAt: string | null;
  returnComment: string;
  reopenReason: string;
}

/** The period report's review state and the steps the signed-in person may take from it. */
export function ReviewPanel({ periodId, target, report }: { periodId: number; target: { projectId: number; pilotId: number }; report: Report }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const [comment, setComment] = useState("");
  const options = { onSuccess: () => (setComment(""), queryClient.invalidateQueries()) };
  const mutations = {
    submit: useMutation(trpc.reviews.submit.mutationOptions(options)),
    return: useMutation(trpc.reviews.return.mutationOptions(options)),
    approve: useMutation(trpc.reviews.approve.mutationOptions(options)),
    reopen: useMutation(trpc.reviews.reopen.mutationOptions(options)),
  };
  const steps = (Object.keys(reviewSteps) as ReviewStep[]).filter((step) => canTakeStep(step, report.state) && can(reviewSteps[step].action, target));
  const withComment = steps.some(needsComment);
  const error = Object.values(mutations).find((m) => m.error)?.error;
  const pending = Object.values(mutations).some((m) => m.isPending);
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
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {steps.length > 0 && (
        <div className="form-actions">
          {steps.map((step) => (
            <button key={step} type="button" className={step === "approve" || step === "submit" ? "primary" : undefined} disabled={pending} onClick={() => mutations[step].mutate({ periodId, version: report.version, comment })}>
              {t(`reviews.steps.${step}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
