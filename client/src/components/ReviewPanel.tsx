import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { reviewStateLabels, type ReviewState } from "../../../shared/domain";
import { canTakeStep, needsComment, reviewSteps, type ReviewStep } from "../../../shared/review";
import { formatDate } from "../format";
import { useCan } from "../hooks/useMe";
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
        Review: <span className="review-state">{reviewStateLabels[report.state]}</span>
      </h2>
      {report.lastTransitionBy && (
        <p className="muted small">
          Last step by {report.lastTransitionBy}
          {report.lastTransitionAt ? ` on ${formatDate(report.lastTransitionAt)}` : ""}.
        </p>
      )}
      {report.state === "returned" && report.returnComment && (
        <blockquote className="comment">
          <p>{report.returnComment}</p>
          <footer>The manager's comment</footer>
        </blockquote>
      )}
      {report.state === "draft" && report.reopenReason && <p className="muted">Reopened: {report.reopenReason}</p>}
      {withComment && (
        <div className="field">
          <label htmlFor="review-comment">{steps.includes("reopen") ? "Reason for reopening" : "Comment for the coordinator (required to return)"}</label>
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
              {reviewSteps[step].label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
