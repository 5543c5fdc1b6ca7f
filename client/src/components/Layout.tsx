import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useNavigation } from "react-router";
import { canAnywhere, isAdministrator } from "../../../shared/access";
import { useTranslation } from "react-i18next";
import { useAccountLanguage } from "../hooks/useAccountLanguage";
import { useMe } from "../hooks/useMe";
import { startsOnTodo } from "../landing";
import { returnToBrowserLanguage } from "../i18n";
import { useTRPC } from "../trpc";
import { LanguageSwitch } from "./LanguageSwitch";
import { PasswordForm } from "./PasswordForm";
import { ErrorMessage, Loading } from "./QueryState";

export function Layout() {
  const navigation = useNavigation();
  const location = useLocation();
  const me = useMe();
  const { t } = useTranslation();
  const inAccountLanguage = useAccountLanguage();
  if (me.isPending || (me.data && !inAccountLanguage)) return <Loading what={t("nav.loadingAccount")} />;
  if (me.isError) return <ErrorMessage error={me.error} retry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const { memberships } = me.data;
  if (me.data.mustChangePassword) return <MustChangePassword />;
  const roles = [...new Set(memberships.map((m) => t(`labels.role.${m.role}`)))].join(", ");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          <span aria-hidden="true">◆</span> {t("common.appName")}
        </NavLink>
        <nav aria-label={t("nav.main")}>
          <NavLink to={startsOnTodo(memberships) ? "/portfolio" : "/"} end>
            {t("nav.portfolio")}
          </NavLink>
          <TodoLink />
          <NavLink to="/attention">{t("nav.attention")}</NavLink>
          <NavLink to="/projects">{t("nav.projects")}</NavLink>
          <NavLink to="/exports">{t("nav.exports")}</NavLink>
          {canAnywhere(memberships, "review") && <NavLink to="/reviews">{t("nav.reviews")}</NavLink>}
          {isAdministrator(memberships) && <NavLink to="/admin/users">{t("nav.users")}</NavLink>}
          {isAdministrator(memberships) && <NavLink to="/admin/security-log">{t("nav.securityLog")}</NavLink>}
          {isAdministrator(memberships) && <NavLink to="/admin/settings">{t("nav.settings")}</NavLink>}
          {isAdministrator(memberships) && <NavLink to="/admin/programme-indicators">{t("nav.programmeIndicators")}</NavLink>}
        </nav>
        <div className="account-menu">
          <NavLink to="/account" className="account-name" aria-label={t("nav.yourAccount", { name: me.data.name, roles: roles || t("nav.noRoleYet") })}>
            <span>{me.data.name}</span>
            <span className="muted small">{roles || t("nav.noRoleYet")}</span>
          </NavLink>
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="page" aria-busy={navigation.state === "loading"}>
        <Outlet />
      </main>
    </>
  );
}

/** The to-do page's link, with how many things wait there. */
function TodoLink() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const todo = useQuery(trpc.todo.mine.queryOptions({}));
  return <NavLink to="/todo">{todo.data ? t("todo.nav", { count: todo.data.count }) : t("todo.heading")}</NavLink>;
}

/** A password someone else chose is replaced before anything else: the server refuses the rest until then. */
function MustChangePassword() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t("account.mustChangeHeading")}</h1>
        <p>{t("account.mustChangeText")}</p>
      </div>
      <PasswordForm heading={t("account.passwordHeading")} />
      <SignOutButton />
    </main>
  );
}

function SignOutButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: async () => {
        // Nothing of this person's data may stay in memory for the next one.
        queryClient.clear();
        navigate("/sign-in");
        // The next person starts in this browser's language, not this account's (once the account is forgotten,
        // or the shell would put the account's language back).
        await returnToBrowserLanguage();
      },
    }),
  );
  return (
    <button type="button" className="link-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      {t("nav.signOut")}
    </button>
  );
}
