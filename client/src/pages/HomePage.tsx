import { Navigate } from "react-router";
import { useMe } from "../hooks/useMe";
import { startsOnTodo } from "../landing";
import { PortfolioPage } from "./PortfolioPage";

/** "/": the to-do page for coordinators, the portfolio for everyone else (the portfolio stays at /portfolio too). */
export function HomePage() {
  const me = useMe().data;
  if (me && startsOnTodo(me.memberships)) return <Navigate to="/todo" replace />;
  return <PortfolioPage />;
}
