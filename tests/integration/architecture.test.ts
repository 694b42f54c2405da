// The shape of the code, checked (docs/architecture.md): a module reads and writes only the Prisma
// models it owns (including nested select/include/where through relations, and raw SQL), routes never
// import the Prisma client, catch domain errors or define schemas, and every loader and action goes
// through route() (app/utils/responses.server.ts), the one place where a refusal becomes HTTP.
// Ownership comes from the block comments of prisma/schema.prisma ("// ---- identity"), the source of truth.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

type Model = { name: string; owner: string; relations: Map<string, string> };

/** Models, their owning module and their relation fields (field name → target model), from the schema. */
function readSchema(): Map<string, Model> {
  const source = readFileSync("prisma/schema.prisma", "utf8");
  const names = new Set([...source.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!));
  const models = new Map<string, Model>();
  let owner = "";
  let current: Model | null = null;
  for (const line of source.split("\n")) {
    const block = /^\/\/ -{3,} ([a-z]+)/.exec(line);
    if (block) owner = block[1]!;
    const start = /^model (\w+) \{/.exec(line);
    if (start) {
      current = { name: start[1]!, owner, relations: new Map() };
      models.set(current.name, current);
      continue;
    }
    if (line.startsWith("}")) current = null;
    const field = current && /^\s+(\w+)\s+(\w+)(\[\])?\??/.exec(line);
    if (current && field && names.has(field[2]!)) current.relations.set(field[1]!, field[2]!);
  }
  return models;
}

function files(dir: string, filter: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, filter);
    return filter(full) ? [full] : [];
  });
}

const models = readSchema();
const delegates = new Map([...models.values()].map((m) => [m.name[0]!.toLowerCase() + m.name.slice(1), m]));
const PRISMA_METHODS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "upsert",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
]);
const QUERY_KEYS = new Set([
  "select",
  "include",
  "where",
  "data",
  "orderBy",
  "create",
  "update",
  "connect",
  "connectOrCreate",
  "upsert",
  "_count",
  "some",
  "every",
  "none",
  "is",
  "isNot",
  "AND",
  "OR",
  "NOT",
  "cursor",
  "distinct",
]);

/** Every model a module file touches: delegates called, relations traversed in query arguments, raw SQL tables. */
function modelsTouched(file: string): Array<{ model: string; where: string }> {
  const text = readFileSync(file, "utf8");
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ model: string; where: string }> = [];
  const constants = new Map<string, ts.Expression>();
  const line = (node: ts.Node) => `${file}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  function collectConstants(node: ts.Node) {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))
        init = init.expression;
      constants.set(node.name.text, init);
    }
    ts.forEachChild(node, collectConstants);
  }
  collectConstants(sourceFile);

  // Walks a query argument object: keys that are relations of `model` lead to their target model.
  function walkArgs(node: ts.Expression | undefined, model: Model, seen: Set<ts.Node>) {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (ts.isIdentifier(node) && constants.has(node.text)) return walkArgs(constants.get(node.text), model, seen);
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const prop of node.properties) {
      if (ts.isSpreadAssignment(prop)) {
        walkArgs(prop.expression, model, seen);
        continue;
      }
      if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
      const key = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : null;
      if (!key) continue;
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
      const target = model.relations.get(key);
      if (target) {
        found.push({ model: target, where: line(prop) });
        walkArgs(value, models.get(target)!, seen);
      } else if (QUERY_KEYS.has(key)) {
        walkArgs(value, model, seen);
      } else if (value && ts.isArrayLiteralExpression(value)) {
        for (const element of value.elements) walkArgs(element as ts.Expression, model, seen);
      }
    }
  }

  function visit(node: ts.Node) {
    // prisma.course.findMany(...), tx.lesson.create(...), db.module.count(...)
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = node.expression.expression;
      if (PRISMA_METHODS.has(method) && ts.isPropertyAccessExpression(target)) {
        const model = delegates.get(target.name.text);
        if (model) {
          found.push({ model: model.name, where: line(node) });
          for (const arg of node.arguments) walkArgs(arg, model, new Set());
        }
      }
    }
    // Raw SQL ($queryRaw`… FROM "Course"`) and row locks (lockRow(tx, "Course", id)).
    if (
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isStringLiteral(node)
    ) {
      for (const m of node.text.matchAll(/"([A-Z][A-Za-z]+)"/g))
        if (models.has(m[1]!)) found.push({ model: m[1]!, where: line(node) });
      if (
        ts.isStringLiteral(node) &&
        models.has(node.text) &&
        ts.isCallExpression(node.parent) &&
        /lockRow/.test(node.parent.expression.getText())
      ) {
        found.push({ model: node.text, where: line(node) });
      }
    }
    ts.forEachChild(node, visit);
  }
  visit(sourceFile);
  return found;
}

const isSource = (f: string) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f);

describe("modules own their tables", () => {
  test("the schema assigns every model to a module", () => {
    expect([...models.values()].filter((m) => !m.owner).map((m) => m.name)).toEqual([]);
    expect(models.get("Course")?.owner).toBe("courses");
    expect(models.get("User")?.owner).toBe("identity");
  });

  test("the checker sees delegates, nested relations, shared selects, raw SQL and row locks", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "waystone-architecture-"));
    const probe = path.join(dir, "probe.server.ts");
    writeFileSync(
      probe,
      [
        "const AUTHORS = { authors: { select: { user: { select: { displayName: true } } } } } as const;",
        "export const a = () => prisma.course.findMany({ select: { slug: true, ...AUTHORS } });",
        "export const b = () => tx.cohort.findMany({ where: { course: { publishedRevisionId: { not: null } } } });",
        'export const c = () => prisma.$queryRaw`SELECT 1 FROM "EducatorApplication"`;',
        'export const d = () => lockRow(tx, "Invitation", id);',
      ].join("\n"),
    );
    const touched = modelsTouched(probe).map((t) => t.model);
    expect(new Set(touched)).toEqual(new Set(["Course", "CourseAuthor", "User", "Cohort", "EducatorApplication", "Invitation"]));
  });

  const moduleDirs = readdirSync("app/modules").filter((d) => statSync(path.join("app/modules", d)).isDirectory());
  test.each(moduleDirs)("%s touches only its own models", (module) => {
    const foreign = files(path.join("app/modules", module), isSource)
      .flatMap(modelsTouched)
      .filter((t) => models.get(t.model)!.owner !== module)
      .map((t) => `${t.where} → ${t.model} (owned by ${models.get(t.model)!.owner})`);
    expect(foreign).toEqual([]);
  });

  test("cross-cutting code touches only the models declared for it", () => {
    // The mailer owns the outbox and the in-app notices; nothing else in app/utils reads a table.
    const foreign = files("app/utils", isSource)
      .flatMap(modelsTouched)
      .filter(
        (t) =>
          !(
            ["OutboxEmail", "InAppNotice"].includes(t.model) && t.where.startsWith(path.join("app", "utils", "mailer.server.ts"))
          ),
      )
      .map((t) => `${t.where} → ${t.model}`);
    expect(foreign).toEqual([]);
  });
});

describe("routes parse, call and render", () => {
  const routeFiles = files("app/routes", isSource);
  const componentFiles = files("app/components", isSource);

  test("no route or component imports the Prisma client", () => {
    // The liveness probe may ask the database helper whether the database answers, nothing more.
    const allowed = /import \{ checkDatabase \} from "#app\/utils\/db\.server\.ts";/g;
    const offenders = [...routeFiles, ...componentFiles].filter((f) =>
      /from\s+["'](#app\/utils\/db\.server|#app\/generated\/prisma|@prisma\/client)[^"']*["']/.test(
        readFileSync(f, "utf8").replace(allowed, ""),
      ),
    );
    expect(offenders).toEqual([]);
  });

  test("no route catches domain errors or defines its own schemas", () => {
    const offenders = routeFiles.flatMap((f) => {
      const src = readFileSync(f, "utf8");
      return [
        ...(/instanceof AppError/.test(src) ? [`${f}: instanceof AppError`] : []),
        ...(/from\s+["']zod["']/.test(src) ? [`${f}: imports zod`] : []),
        ...(/toErrorResponse|invariantResponse|parseForm\(|formError\(|badForm\(/.test(src)
          ? [`${f}: old error or form helper`]
          : []),
      ];
    });
    expect(offenders).toEqual([]);
  });

  test("every loader and action goes through route()", () => {
    const offenders = routeFiles.flatMap((f) => {
      const src = readFileSync(f, "utf8");
      const bare = [...src.matchAll(/export (?:async )?function (loader|action)\b/g)].map((m) => m[1]);
      const declared = [...src.matchAll(/export const (loader|action) = (\w+)\(/g)]
        .filter((m) => m[2] !== "route")
        .map((m) => m[1]);
      return [...bare, ...declared].map((name) => `${f}: ${name}`);
    });
    // Loaders that only redirect or answer a health check may stay bare.
    const allowed = new Set([
      "app/routes/logout.tsx: loader",
      "app/routes/preferences.tsx: loader",
      "app/routes/ping.ts: loader",
      "app/routes/healthz.ts: loader",
    ]);
    expect(offenders.filter((o) => !allowed.has(o))).toEqual([]);
  });
});
