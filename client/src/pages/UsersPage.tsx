import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { roleLabels, roles, type Role } from "../../../shared/domain";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

type ScopeOption = { value: string; label: string };

/** Administrators: create people, give them roles per project or pilot, deactivate them (never delete). */
export function UsersPage() {
  usePageTitle("Users");
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

  if (list.isPending) return <Loading what="the users" />;
  if (list.isError) return <ErrorMessage error={list.error} retry={() => list.refetch()} />;
  const scopes: ScopeOption[] = [
    ...(projects.data ?? []).map((p) => ({ value: `project:${p.id}`, label: `Project: ${p.name}` })),
    ...(pilots.data ?? []).map((p) => ({ value: `pilot:${p.id}`, label: `Pilot: ${p.title}` })),
  ];
  const actionError = setActive.error ?? remove.error ?? reset.error;

  return (
    <>
      <div className="page-heading">
        <h1>Users</h1>
        <p className="muted">A person can hold different roles in different projects and pilots. Deactivated people cannot sign in; their history keeps their name.</p>
      </div>
      <NewUserForm
        onCreated={(email, password) => {
          if (password) setShownPassword({ email, password });
          void refresh();
        }}
      />
      {shownPassword && (
        <p className="success" role="status">
          Password for {shownPassword.email}: <code>{shownPassword.password}</code> — shown only now; pass it on safely.
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
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Add a role</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((user) => (
              <tr key={user.id} className={user.active ? undefined : "muted"}>
                <th scope="row">
                  {user.name}
                  <div className="muted small">{user.email}</div>
                  {!user.active && <span className="badge badge-archived">Deactivated</span>}
                </th>
                <td>
                  <ul className="plain-list">
                    {user.memberships.map((m) => (
                      <li key={m.id}>
                        {roleLabels[m.role]}
                        {m.projectName ? ` · ${m.projectName}` : m.pilotTitle ? ` · ${m.pilotTitle}` : " · everywhere"}{" "}
                        <button type="button" className="link-button" aria-label={`Remove ${roleLabels[m.role]} from ${user.name}`} onClick={() => remove.mutate({ id: m.id })}>
                          remove
                        </button>
                      </li>
                    ))}
                    {user.memberships.length === 0 && <li className="muted">No role</li>}
                  </ul>
                </td>
                <td>
                  <AddRoleForm userId={user.id} userName={user.name} scopes={scopes} onAdded={refresh} />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setActive.mutate({ id: user.id, version: user.version, active: !user.active })}>
                    {user.active ? "Deactivate" : "Reactivate"}
                  </button>
                  <br />
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => reset.mutate({ id: user.id }, { onSuccess: (r) => setShownPassword({ email: user.email, password: r.generatedPassword }) })}
                  >
                    New password
                  </button>
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
      <h2 id="new-user-heading">New user</h2>
      <div className="form-grid">
        {field("name", "Name", "text")}
        {field("email", "Email address", "email")}
        {field("password", "Password", "password", "Leave empty to generate one, shown once.")}
      </div>
      {create.error && Object.keys(errors).length === 0 && (
        <p className="field-error" role="alert">
          {create.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}

function AddRoleForm({ userId, userName, scopes, onAdded }: { userId: number; userName: string; scopes: ScopeOption[]; onAdded: () => void }) {
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
    <form onSubmit={submit} className="add-role" aria-label={`Add a role for ${userName}`}>
      <select aria-label={`Role for ${userName}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
      {role !== "administrator" && (
        <select aria-label={`Where ${userName} holds the role`} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">Choose a project or pilot…</option>
          {scopes.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      )}
      <button type="submit" disabled={add.isPending}>
        Add
      </button>
      {add.error && <p className="field-error">{add.error.message}</p>}
    </form>
  );
}
