import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { INVITATION_DAYS } from "../../../shared/todo";
import { useFormatters } from "../i18n/useFormatters";
import { fieldErrorsOf, useTRPC } from "../trpc";

type InvitedRole = "pilot_coordinator" | "evaluator";

/** A manager brings people into the pilot: an account gets the role at once, an address a one-time link. */
export function PilotPeople({ pilotId }: { pilotId: number }) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<InvitedRole>("pilot_coordinator");
  const [outcome, setOutcome] = useState<{ text: string; link: string | null } | null>(null);
  const pending = useQuery(trpc.invitations.pending.queryOptions({ pilotId }));
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async (result) => {
        const link = result.link ? new URL(result.link, window.location.origin).toString() : null;
        setOutcome({ text: result.granted ? t("people.granted", { name }) : link ? t("people.passLinkOn", { name }) : t("people.invitedByMail", { name }), link });
        setName("");
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.pending.queryKey({ pilotId }) });
      },
    }),
  );
  const errors = fieldErrorsOf(invite.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    invite.mutate({ pilotId, name, email, role });
  };
  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">{t("people.heading")}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="invite-heading">
        <h3 id="invite-heading">{t("people.inviteHeading")}</h3>
        <p className="muted small">{t("people.inviteHint", { days: INVITATION_DAYS })}</p>
        <div className="field">
          <label htmlFor="invite-name">{t("people.name")}</label>
          <input id="invite-name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby="invite-name-error" aria-invalid={errors.name ? "true" : undefined} />
          <p id="invite-name-error" className="field-error">
            {errors.name ?? ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor="invite-email">{t("people.email")}</label>
          <input
            id="invite-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-describedby="invite-email-error"
            aria-invalid={errors.email ? "true" : undefined}
          />
          <p id="invite-email-error" className="field-error">
            {errors.email ?? ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor="invite-role">{t("people.role")}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as InvitedRole)}>
            <option value="pilot_coordinator">{t("labels.role.pilot_coordinator")}</option>
            <option value="evaluator">{t("labels.role.evaluator")}</option>
          </select>
        </div>
        {invite.error && Object.keys(errors).length === 0 && (
          <p className="field-error" role="alert">
            {invite.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={invite.isPending}>
            {t("people.invite")}
          </button>
        </div>
      </form>
      <div role="status">
        {outcome && (
          <p className="success">
            {outcome.text}
            {outcome.link && (
              <>
                <br />
                <code className="invitation-link">{outcome.link}</code>
              </>
            )}
          </p>
        )}
      </div>
      <PeopleWithAccounts pilotId={pilotId} />
      {pending.data && pending.data.length > 0 && (
        <>
          <h3>{t("people.pending")}</h3>
          <ul>
            {pending.data.map((row) => (
              <li key={row.id}>{t("people.pendingItem", { name: row.name, email: row.email, role: t(`labels.role.${row.role}`), date: f.date(row.expiresAt.slice(0, 10)) })}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Who holds a role here already; for those the manager looks after, a one-time link to set a new password. */
function PeopleWithAccounts({ pilotId }: { pilotId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const people = useQuery(trpc.people.ofPilot.queryOptions({ pilotId }));
  const [issued, setIssued] = useState<{ name: string; link: string | null } | null>(null);
  const issue = useMutation(
    trpc.people.issueResetLink.mutationOptions({
      onSuccess: (result) => setIssued({ name: result.name, link: result.link ? new URL(result.link, window.location.origin).toString() : null }),
    }),
  );
  if (!people.data || people.data.length === 0) return null;
  return (
    <>
      <h3>{t("people.membersHeading")}</h3>
      <ul className="plain-list">
        {people.data.map((person) => (
          <li key={`${person.id}-${person.role}`}>
            {t("people.memberItem", { name: person.name, email: person.email, role: t(`labels.role.${person.role}`) })}{" "}
            {person.mayReset && (
              <button
                type="button"
                className="link-button"
                disabled={issue.isPending}
                aria-label={t("people.resetLinkFor", { name: person.name })}
                onClick={() => {
                  setIssued(null);
                  issue.mutate({ userId: person.id });
                }}
              >
                {t("people.resetLink")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {issue.error && (
        <p className="field-error" role="alert">
          {issue.error.message}
        </p>
      )}
      {/* Shown only once a link was issued: the invitation form's own status stays the region's only one until then. */}
      {issued && (
        <p className="success" role="status" aria-label={t("people.resetLinkStatus")}>
          {issued.link ? t("people.passResetLinkOn", { name: issued.name }) : t("people.resetLinkMailed", { name: issued.name })}
          {issued.link && (
            <>
              <br />
              <code className="reset-link">{issued.link}</code>
            </>
          )}
        </p>
      )}
    </>
  );
}
