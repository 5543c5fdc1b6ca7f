import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useNavigation } from "react-router";
import { canAnywhere, isAdministrator } from "../../../shared/access";
import { roleLabels } from "../../../shared/domain";
import { useMe } from "../hooks/useMe";
import { useTRPC } from "../trpc";
import { ErrorMessage, Loading } from "./QueryState";

export function Layout() {
  const navigation = useNavigation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorMessage error={me.error} retry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const { memberships } = me.data;
  const roles = [...new Set(memberships.map((m) => roleLabels[m.role]))].join(", ");
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          <span aria-hidden="true">◆</span> Pilot Monitor
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Portfolio
          </NavLink>
          <NavLink to="/attention">Needs attention</NavLink>
          <NavLink to="/projects">Projects</NavLink>
          <NavLink to="/exports">Exports</NavLink>
          {canAnywhere(memberships, "review") && <NavLink to="/reviews">Reviews</NavLink>}
          {isAdministrator(memberships) && <NavLink to="/admin/users">Users</NavLink>}
        </nav>
        <div className="account-menu">
          <NavLink to="/account" className="account-name" aria-label={`Your account: ${me.data.name}, ${roles || "no role yet"}`}>
            <span>{me.data.name}</span>
            <span className="muted small">{roles || "No role yet"}</span>
          </NavLink>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="page" aria-busy={navigation.state === "loading"}>
        <Outlet />
      </main>
    </>
  );
}

function SignOutButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        // Nothing of this person's data may stay in memory for the next one.
        queryClient.clear();
        navigate("/sign-in");
      },
    }),
  );
  return (
    <button type="button" className="link-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      Sign out
    </button>
  );
}
