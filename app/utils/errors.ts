// Typed errors with one mapping to HTTP statuses (STYLE.md habit 5; documenso's AppError).
export const AppErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL: "INTERNAL",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** The one place that maps an error code to an HTTP status. */
export const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor(code: AppErrorCode, message?: string) {
    super(message ?? code);
    this.name = "AppError";
    this.code = code;
  }
  get status() {
    return STATUS_BY_CODE[this.code];
  }
}

/** Turns an AppError into the Response that route ErrorBoundaries render; anything else is rethrown. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json({ code: error.code }, { status: error.status, statusText: error.code });
  }
  throw error;
}

/** Throws a 4xx Response (rendered by the nearest ErrorBoundary) unless the condition holds. */
export function invariantResponse(condition: unknown, code: AppErrorCode = "NOT_FOUND"): asserts condition {
  if (!condition) throw toErrorResponse(new AppError(code));
}
