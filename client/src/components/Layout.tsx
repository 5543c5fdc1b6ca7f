import { NavLink, Outlet, useNavigation } from "react-router";

export function Layout() {
  const navigation = useNavigation();
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
        </nav>
      </header>
      <main id="main" className="page" aria-busy={navigation.state === "loading"}>
        <Outlet />
      </main>
    </>
  );
}
