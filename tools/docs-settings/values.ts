/**
 * Settings values as the tables show them: dotted paths of the leaves of a
 * settings object, and each value as the text of one table cell.
 */
export type Plain = Record<string, unknown>;

/** A settings object (not a list); by its tag, so objects of another realm (e.g. structuredClone in Jest) count too. */
export function isPlainObject(value: unknown): value is Plain {
  return Object.prototype.toString.call(value) === "[object Object]";
}

/** Text safe inside a Markdown table cell: one line, `|` escaped. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (value === "") return "none";
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value.map(valueText).join(value.some(isPlainObject) ? "; " : ", ");
  }
  if (isPlainObject(value))
    return Object.entries(value)
      .map(([key, v]) => `${key}: ${valueText(v)}`)
      .join(", ");
  return String(value);
}

/**
 * One value as a table cell: lists joined, objects as `key: value`, unset as
 * "—", empty as "none"; `*` escaped as Prettier writes it (cron expressions).
 */
export function formatValue(value: unknown): string {
  return cell(valueText(value)).replace(/\*/g, "\\*");
}

/** Leaf settings of an object as dotted paths (nested objects are flattened; lists are leaves). */
export function leafPaths(value: Plain, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    isPlainObject(v) ? leafPaths(v, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

export function valueAt(value: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>(
      (v, key) => (isPlainObject(v) ? v[key] : undefined),
      value,
    );
}

/** Paths of all the values, in first-seen order (an environment may set a key the others omit). */
export function unionOfPaths(values: readonly Plain[]): string[] {
  const seen = new Set<string>();
  for (const value of values) for (const p of leafPaths(value)) seen.add(p);
  return [...seen];
}
