import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { roles, type Role } from "../../../shared/domain";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

type ScopeOption = { value: string; label: string };

/** Administrators: create people, give them roles per project or pilot, deactivate them (never delete). */
export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t("titles.users"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.users.list.queryOptions());
  const projects = useQuery(trpc.projects.list.queryOptions());
  const pilots = useQuery(trpc.pilots.list.queryOptions());
  const [shownPassword, setShownPassword] = useState<{ email: string; password: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.users.removeMembership.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const [shownLink, setShownLink] = useState<{ name: string; link: string | null } | null>(null);
  const resetLink = useMutation(
    trpc.people.issueResetLink.mutationOptions({
      onSuccess: (result) => setShownLink({ name: result.name, link: result.link ? new URL(result.link, window.location.origin).toString() : null }),
    }),
  );

  if (list.isPending) return <Loading what={t("users.loading")} />;
  if (list.isError) return <ErrorMessage error={list.error} retry={() => list.refetch()} />;
  const scopes: ScopeOption[] = [
    ...(projects.data ?? []).map((p) => ({ value: `project:${p.id}`, label: t("users.projectScope", { name: p.name }) })),
    ...(pilots.data ?? []).map((p) => ({ value: `pilot:${p.id}`, label: t("users.pilotScope", { name: p.title }) })),
  ];
  const actionError = setActive.error ?? remove.error ?? reset.error ?? resetLink.error;

  return (
    <>
      <div className="page-heading">
        <h1>{t("users.heading")}</h1>
        <p className="muted">{t("users.intro")}</p>
      </div>
      <NewUserForm
        onCreated={(email, password) => {
          if (password) setShownPassword({ email, password });
          void refresh();
        }}
      />
      {shownPassword && (
        <p className="success" role="status">
          {t("users.passwordFor", { email: shownPassword.email })} <code>{shownPassword.password}</code> {t("users.passwordShownOnce")}
        </p>
      )}
      {shownLink && (
        <p className="success" role="status">
          {shownLink.link ? t("people.passResetLinkOn", { name: shownLink.name }) : t("people.resetLinkMailed", { name: shownLink.name })}
          {shownLink.link && (
            <>
              <br />
              <code className="reset-link">{shownLink.link}</code>
            </>
          )}
        </p>
      )}
      {actionError && (
        <p className="field-error" role="alert">
          {actionError.message}
        </p>
      )}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("users.columnPerson")}</th>
              <th scope="col">{t("users.columnRoles")}</th>
              <th scope="col">{t("users.columnAddRole")}</th>
              <th scope="col">{t("users.columnAccount")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((user) => (
              <tr key={user.id} className={user.active ? undefined : "muted"}>
                <th scope="row">
                  {user.name}
                  <div className="muted small">{user.email}</div>
                  {!user.active && <span className="badge badge-archived">{t("users.deactivated")}</span>}
                </th>
                <td>
                  <ul className="plain-list">
                    {user.memberships.map((m) => (
                      <li key={m.id}>
                        {t(`labels.role.${m.role}`)} · {m.projectName ?? m.pilotTitle ?? t("users.everywhere")}{" "}
                        <button
                          type="button"
                          className="link-button"
                          aria-label={t("users.removeRole", { role: t(`labels.role.${m.role}`), name: user.name })}
                          onClick={() => remove.mutate({ id: m.id })}
                        >
                          {t("users.remove")}
                        </button>
                      </li>
                    ))}
                    {user.memberships.length === 0 && <li className="muted">{t("users.noRole")}</li>}
                  </ul>
                </td>
                <td>
                  <AddRoleForm userId={user.id} userName={user.name} scopes={scopes} onAdded={refresh} />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setActive.mutate({ id: user.id, version: user.version, active: !user.active })}>
                    {user.active ? t("users.deactivate") : t("users.reactivate")}
                  </button>
                  <br />
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => reset.mutate({ id: user.id }, { onSuccess: (r) => setShownPassword({ email: user.email, password: r.generatedPassword }) })}
                  >
                    {t("users.newPassword")}
                  </button>
                  {user.active && (
                    <>
                      <br />
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t("people.resetLinkFor", { name: user.name })}
                        onClick={() => {
                          setShownLink(null);
                          resetLink.mutate({ userId: user.id });
                        }}
                      >
                        {t("people.resetLink")}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated: (email: string, password: string | null) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [values, setValues] = useState({ email: "", name: "", password: "" });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (result, variables) => {
        onCreated(variables.email, result.generatedPassword);
        setValues({ email: "", name: "", password: "" });
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(values);
  };
  const field = (key: keyof typeof values, label: string, type: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`new-user-${key}`}>{label}</label>
      <input id={`new-user-${key}`} type={type} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} aria-describedby={`new-user-${key}-error`} />
      {hint && <p className="muted small">{hint}</p>}
      <p id={`new-user-${key}-error`} className="field-error">
        {errors[key] ?? ""}
      </p>
    </div>
  );
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">{t("users.newUserHeading")}</h2>
      <div className="form-grid">
        {field("name", t("users.name"), "text")}
        {field("email", t("users.email"), "email")}
        {field("password", t("users.password"), "password", t("users.passwordHint"))}
      </div>
      {create.error && Object.keys(errors).length === 0 && (
        <p className="field-error" role="alert">
          {create.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("users.create")}
        </button>
      </div>
    </form>
  );
}

function AddRoleForm({ userId, userName, scopes, onAdded }: { userId: number; userName: string; scopes: ScopeOption[]; onAdded: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [role, setRole] = useState<Role>("pilot_coordinator");
  const [scope, setScope] = useState("");
  const add = useMutation(trpc.users.addMembership.mutationOptions({ onSuccess: onAdded }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, id] = scope.split(":");
    add.mutate({ userId, role, projectId: kind === "project" ? Number(id) : null, pilotId: kind === "pilot" ? Number(id) : null });
  };
  return (
    <form onSubmit={submit} className="add-role" aria-label={t("users.addRoleFor", { name: userName })}>
      <select aria-label={t("users.roleFor", { name: userName })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`labels.role.${r}`)}
          </option>
        ))}
      </select>
      {role !== "administrator" && (
        <select aria-label={t("users.whereFor", { name: userName })} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">{t("users.chooseScope")}</option>
          {scopes.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      )}
      <button type="submit" disabled={add.isPending}>
        {t("users.add")}
      </button>
      {add.error && <p className="field-error">{add.error.message}</p>}
    </form>
  );
}
