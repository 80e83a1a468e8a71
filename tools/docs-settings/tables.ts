/**
 * The settings tables of a loaded configuration, walked from its values (a
 * new or renamed setting shows up without a change here), described by the
 * configuration types' JSDoc, and rendered as Markdown.
 */
import { EnvironmentConfig, LoadedConfig } from "../../config";
import { settingDocs, SettingDocs } from "./descriptions";
import {
  cell,
  formatValue,
  isPlainObject,
  Plain,
  unionOfPaths,
  valueAt,
} from "./values";

/** One rendered table: a heading, an optional sentence, a header row and rows. */
export interface SettingsTable {
  readonly title: string;
  readonly description: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * The rows of one table: the declared settings under `prefix`, in declaration
 * order (a declared setting whose values are objects becomes their dotted
 * leaves), then every value the types do not declare, in first-seen order.
 */
function rowPaths(
  prefix: string,
  values: readonly Plain[],
  declared: SettingDocs,
  accept: (path: string) => boolean = () => true,
): string[] {
  const valuePaths = unionOfPaths(values).filter(accept);
  const rows: string[] = [];
  const add = (p: string) => {
    if (!rows.includes(p)) rows.push(p);
  };
  const head = prefix ? `${prefix}.` : "";
  for (const [key, setting] of declared) {
    if (!key.startsWith(head) || setting.group) continue;
    const p = key.slice(head.length);
    if (!accept(p)) continue;
    const nested = valuePaths.filter((v) => v.startsWith(`${p}.`));
    if (nested.length > 0) nested.forEach(add);
    else add(p);
  }
  valuePaths.forEach(add);
  return rows;
}

/** Keys of `values` and of the declared top-level groups that are groups, in declaration order first. */
function groupKeysOf(
  values: readonly Plain[],
  declared: SettingDocs,
): string[] {
  const byValue = unionOfPaths(values)
    .map((p) => p.split(".")[0])
    .filter((key) => values.some((v) => isPlainObject(v[key])));
  const byType = [...declared]
    .filter(([key, s]) => s.group && !key.includes("."))
    .map(([key]) => key)
    .filter(
      (key) =>
        byValue.includes(key) || values.every((v) => v[key] === undefined),
    );
  return [...new Set([...byType, ...byValue])];
}

/**
 * The tables of a loaded configuration: one for the environments' own scalar
 * fields, one per settings group of the environments (an object-valued field
 * of EnvironmentConfig), and one per shared (non-environment) part.
 */
export function settingsTables(
  config: LoadedConfig,
  docs: { environment: SettingDocs; shared: SettingDocs } = {
    environment: settingDocs("EnvironmentConfig"),
    shared: settingDocs("LoadedConfig"),
  },
): SettingsTable[] {
  const environments = config.environments as readonly EnvironmentConfig[];
  const names = environments.map((e) => e.name);
  const values = environments as unknown as readonly Plain[];
  const groups = groupKeysOf(values, docs.environment);
  const docOf = (declared: SettingDocs, p: string) =>
    declared.get(p)?.doc ?? "";

  const environmentTable = (
    title: string,
    prefix: string,
    paths: readonly string[],
  ): SettingsTable => ({
    title,
    description: prefix ? docOf(docs.environment, prefix) : "",
    header: ["Setting", ...names, "Meaning"],
    rows: paths.map((p) => {
      const full = prefix ? `${prefix}.${p}` : p;
      const cells = values.map((v) => formatValue(valueAt(v, full)));
      const name = `\`${p}\``;
      return [
        new Set(cells).size > 1 ? `**${name}**` : name,
        ...cells,
        cell(docOf(docs.environment, full)),
      ];
    }),
  });

  const tables: SettingsTable[] = [];
  const scalars = rowPaths(
    "",
    values,
    docs.environment,
    (p) => !groups.includes(p.split(".")[0]),
  );
  if (scalars.length > 0)
    tables.push(environmentTable("Environment", "", scalars));
  for (const key of groups) {
    const parts = values.map((v) => (isPlainObject(v[key]) ? v[key] : {}));
    tables.push(
      environmentTable(
        `\`${key}\``,
        key,
        rowPaths(key, parts, docs.environment),
      ),
    );
  }

  const shared = config as unknown as Plain;
  for (const key of Object.keys(shared).filter((k) => k !== "environments")) {
    const part = shared[key];
    if (!isPlainObject(part)) continue;
    tables.push({
      title: `\`${key}\` (shared by all environments)`,
      description: docOf(docs.shared, key),
      header: ["Setting", "Value", "Meaning"],
      rows: rowPaths(key, [part], docs.shared).map((p) => [
        `\`${p}\``,
        formatValue(valueAt(part, p)),
        cell(docOf(docs.shared, `${key}.${p}`)),
      ]),
    });
  }
  return tables;
}

/** The tables as Markdown (unaligned; the writer formats it with Prettier). */
export function renderTables(tables: readonly SettingsTable[]): string {
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return tables
    .map((table) =>
      [
        `### ${table.title}`,
        ...(table.description ? ["", table.description] : []),
        "",
        row(table.header),
        row(table.header.map(() => "---")),
        ...table.rows.map(row),
      ].join("\n"),
    )
    .join("\n\n");
}
