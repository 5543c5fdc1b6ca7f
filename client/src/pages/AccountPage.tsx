import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { MIN_PASSWORD_LENGTH } from "../../../shared/schemas";
import { Loading } from "../components/QueryState";
import { describeRoles, useMe } from "../hooks/useMe";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

export function AccountPage() {
  usePageTitle("Your account");
  const me = useMe().data;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNew("");
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate("/sign-in");
      },
    }),
  );
  if (!me) return <Loading what="your account" />;
  const errors = fieldErrorsOf(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <>
      <div className="page-heading">
        <h1>Your account</h1>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd>{describeRoles(me.memberships) || "None yet: ask an administrator."}</dd>
          </div>
        </dl>
      </div>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} aria-describedby="current-password-error" />
          <p id="current-password-error" className="field-error">
            {errors.currentPassword ?? ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} aria-describedby="new-password-hint new-password-error" />
          <p id="new-password-hint" className="muted small">
            At least {MIN_PASSWORD_LENGTH} characters. Your other browsers are signed out.
          </p>
          <p id="new-password-error" className="field-error">
            {errors.newPassword ?? ""}
          </p>
        </div>
        {change.isSuccess && (
          <p className="success" role="status">
            Your password was changed.
          </p>
        )}
        {change.error && Object.keys(errors).length === 0 && (
          <p className="field-error" role="alert">
            {change.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Signed in elsewhere?</h2>
        <p>Signs you out of every browser, this one too.</p>
        <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
          Sign out everywhere
        </button>
      </section>
    </>
  );
}
