import type { Route } from "./+types/not-found";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { pageTitle } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "error.404.title");

export function loader(): never {
  throw toErrorResponse(new AppError("NOT_FOUND"));
}

export function action(): never {
  throw toErrorResponse(new AppError("NOT_FOUND"));
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
