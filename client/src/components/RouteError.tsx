import { Link, isRouteErrorResponse, useRouteError } from "react-router";

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : "Unknown error";
  return (
    <main className="page">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <Link to="/">Back to the portfolio</Link>
    </main>
  );
}

export function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the portfolio</Link>.
      </p>
    </>
  );
}
