import type { Route } from "./+types/not-found";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { AppError } from "#app/utils/errors.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "error.404.title");

// Any URL no route claims, read or posted to: the 404 page.
export const loader = route(async (_args: Route.LoaderArgs): Promise<never> => {
  throw new AppError("not_found");
});

export const action = route(async (_args: Route.ActionArgs): Promise<never> => {
  throw new AppError("not_found");
});

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
