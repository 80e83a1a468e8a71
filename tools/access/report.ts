/**
 * The "who can do what" report of one environment: for each role the
 * synthesized stacks define, who may assume it, its boundary, what its
 * policies allow (statement by statement: actions, resources, conditions)
 * and what they deny explicitly. Rendered as JSON or Markdown
 * (docs/access.md holds production's, kept fresh by a test).
 */
import { spawnSync } from "child_process";
import { AccessModel, PolicyDocument, RoleModel } from "./model";

/** One statement of a principal's policies. */
export interface ReportStatement {
  readonly policy: string;
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: unknown;
}

/** One principal of the report. */
export interface PrincipalReport {
  readonly role: string;
  readonly stack: string;
  readonly assumedBy: readonly string[];
  readonly boundary?: string;
  readonly managedPolicies: readonly string[];
  readonly allows: readonly ReportStatement[];
  readonly denies: readonly ReportStatement[];
}

const list = (v: unknown): string[] =>
  v === undefined ? [] : ([] as string[]).concat(v as string[]);

function statements(
  name: string,
  doc: PolicyDocument,
  effect: "Allow" | "Deny",
): ReportStatement[] {
  return doc.Statement.filter((s) => s.Effect === effect).map((s, i) => ({
    policy: name.replace(/^arn:aws:iam::\d+:policy\//, ""),
    sid: String(s.Sid ?? `#${i}`),
    actions: list(s.Action),
    resources: list(s.Resource),
    ...(s.Condition ? { conditions: s.Condition } : {}),
  }));
}

function assumedBy(role: RoleModel): string[] {
  return role.trust.Statement.map((s) => {
    const principal = Object.entries(s.Principal as Record<string, unknown>)
      .map(([kind, v]) => `${kind} ${list(v).join(", ")}`)
      .join("; ");
    return s.Condition
      ? `${principal} if ${JSON.stringify(s.Condition)}`
      : principal;
  });
}

/** The report of every role of the model, sorted by role name. */
export function accessReport(model: AccessModel): PrincipalReport[] {
  return [...model.roles]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((role) => ({
      role: role.name,
      stack: role.stack,
      assumedBy: assumedBy(role),
      ...(role.boundaryArn ? { boundary: role.boundaryArn } : {}),
      managedPolicies: role.managedPolicyArns,
      allows: Object.entries(role.policies).flatMap(([n, d]) =>
        statements(n, d, "Allow"),
      ),
      denies: Object.entries(role.policies).flatMap(([n, d]) =>
        statements(n, d, "Deny"),
      ),
    }));
}

const cell = (values: readonly string[], max = 6) =>
  values.length <= max
    ? values.map((v) => `\`${v}\``).join(", ")
    : `${values
        .slice(0, max)
        .map((v) => `\`${v}\``)
        .join(", ")} and ${values.length - max} more`;

/** The report as Markdown: one section per role, one table row per statement. */
export function renderReport(
  environment: string,
  report: readonly PrincipalReport[],
): string {
  const out: string[] = [
    `Roles of ${environment} and the bootstrap's state roles, from the synthesized stacks (\`npm run access -- ${environment}\`).`,
    "",
  ];
  for (const p of report) {
    out.push(`### \`${p.role}\``, "");
    out.push(`- stack: \`${p.stack}\``);
    for (const by of p.assumedBy)
      out.push(`- assumed by: ${by.replace(/\|/g, "\\|")}`);
    out.push(`- boundary: ${p.boundary ? `\`${p.boundary}\`` : "none"}`);
    if (p.managedPolicies.length > 0) {
      out.push(`- AWS managed policies: ${cell(p.managedPolicies)}`);
    }
    out.push("", "| effect | statement | actions | resources | condition |");
    out.push("| --- | --- | --- | --- | --- |");
    for (const [effect, rows] of [
      ["Allow", p.allows],
      ["Deny", p.denies],
    ] as const) {
      for (const s of rows) {
        out.push(
          `| ${effect} | ${s.policy}#${s.sid} | ${cell(s.actions)} | ${cell(s.resources, 3)} | ${
            s.conditions
              ? `\`${JSON.stringify(s.conditions)}\``.replace(/\|/g, "\\|")
              : ""
          } |`,
        );
      }
    }
    out.push("");
  }
  return out.join("\n");
}

/**
 * docs/access.md with `report` in place, formatted by the project's
 * Prettier (its CLI: Prettier 3's API loads plugins with a dynamic import,
 * which Jest's CommonJS runtime refuses).
 */
export function accessDoc(doc: string, file: string, report: string): string {
  const result = spawnSync(
    process.execPath,
    [require.resolve("prettier/bin/prettier.cjs"), "--stdin-filepath", file],
    { input: withReport(doc, report), encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(`prettier could not format ${file}: ${result.stderr}`);
  }
  return result.stdout;
}

/** Markers of the generated part of docs/access.md. */
export const DOC_BEGIN =
  "<!-- npm run access -- production --write-docs: begin -->";
export const DOC_END =
  "<!-- npm run access -- production --write-docs: end -->";

/** `doc` with the text between the markers replaced by `report`. */
export function withReport(doc: string, report: string): string {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin) {
    throw new Error(
      `docs/access.md: the markers ${DOC_BEGIN} ... ${DOC_END} are missing`,
    );
  }
  return `${doc.slice(0, begin + DOC_BEGIN.length)}\n\n${report.trim()}\n\n${doc.slice(end)}`;
}
