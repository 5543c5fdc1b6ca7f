import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { roleLabels } from "../../../shared/domain";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

export function SignInPage() {
  usePageTitle("Sign in");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const demo = useQuery(trpc.auth.demoAccounts.queryOptions());
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        const next = params.get("next");
        // Only a path of this site: never an address somebody put in a link.
        navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };
  return (
    <main id="main" className="page sign-in-page">
      <h1>
        <span aria-hidden="true">◆</span> Pilot Monitor
      </h1>
      <form onSubmit={submit} className="card sign-in-form" noValidate>
        <h2>Sign in</h2>
        <div className="field">
          <label htmlFor="email">Email address</label>
          <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        {signIn.error && (
          <p className="field-error" role="alert">
            {signIn.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {signIn.isPending ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </form>
      {demo.data && demo.data.length > 0 && (
        <section className="card demo-accounts" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo accounts</h2>
          <p className="muted small">This server runs in demo mode: these accounts and passwords exist only in the demo data.</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Password</th>
                <th scope="col">
                  <span className="visually-hidden">Use</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {demo.data.map((account) => (
                <tr key={account.email}>
                  <td>{roleLabels[account.role]}</td>
                  <th scope="row">{account.name}</th>
                  <td>{account.email}</td>
                  <td>
                    <code>{account.password}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Use ${account.name}`}
                      onClick={() => {
                        setEmail(account.email);
                        setPassword(account.password ?? "");
                      }}
                    >
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
