import { describe, expect, test } from "vitest";
import { AppError, REASONS, reasonKey, type Reason } from "./errors.ts";
import { getCatalog } from "./i18n.server.ts";

describe("domain reasons", () => {
  test("every reason has its message in English, Spanish and Arabic, and no message lacks its reason", () => {
    const reasons = Object.keys(REASONS) as Reason[];
    for (const locale of ["en", "es", "ar"] as const) {
      const catalog = getCatalog(locale);
      expect(
        reasons.filter((r) => !(reasonKey(r) in catalog)),
        locale,
      ).toEqual([]);
      const orphans = Object.keys(catalog).filter((k) => k.startsWith("reason.") && !(k.slice("reason.".length) in REASONS));
      expect(orphans, locale).toEqual([]);
    }
  });

  test("a reason decides the status and whether it is a page or a form message", () => {
    expect(new AppError("permission.denied").status).toBe(403);
    expect(new AppError("permission.denied").isPageError).toBe(true);
    expect(new AppError("not_found").isPageError).toBe(true);
    const taken = new AppError("module.slug_taken", { field: "slug" });
    expect([taken.status, taken.isPageError, taken.key]).toEqual([409, false, "reason.module.slug_taken"]);
    expect(new AppError("course.checklist_incomplete").isPageError).toBe(false);
    expect(new AppError("password.rejected", { field: "password", key: "password.common" }).key).toBe("password.common");
  });
});
