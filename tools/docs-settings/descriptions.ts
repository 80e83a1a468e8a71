/**
 * What the configuration types say about each setting: its JSDoc's first
 * sentence and whether it is a group, read with the TypeScript compiler.
 */
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
/** The module whose exported types document the settings. */
const CONFIG_MODULE = path.join(ROOT, "config", "index.ts");

/** What the configuration types declare about one setting. */
export interface DeclaredSetting {
  /** First sentence of its JSDoc (or of its type's, for a group); "" without one. */
  readonly doc: string;
  /** An object of further settings (a table of its own, or dotted rows), not a value. */
  readonly group: boolean;
}

/** Every declared setting, by dotted path from the type named at the root, in declaration order. */
export type SettingDocs = ReadonlyMap<string, DeclaredSetting>;

/** First sentence of a JSDoc text, on one line ("e.g. `16.9`" does not end it); `{@link X}` reads as `X`. */
function firstSentence(text: string): string {
  const oneLine = text
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`")
    .replace(/\s+/g, " ")
    .trim();
  const end = oneLine.search(/\.(\s+[A-Z]|$)/);
  return end < 0 ? oneLine : oneLine.slice(0, end + 1);
}

/**
 * The properties of the exported type `typeName` of `moduleFile`,
 * recursively, by dotted path, with their JSDoc; a group (an object-typed
 * property) without its own JSDoc gets its type's. Optional properties are
 * included, so a setting no environment sets still gets a row. Without the
 * default library (fast): only the declarations are read; a type it cannot
 * resolve is treated as a value, and the values decide.
 */
export function settingDocs(
  typeName: string,
  moduleFile: string = CONFIG_MODULE,
): SettingDocs {
  const program = ts.createProgram([moduleFile], {
    noLib: true,
    noEmit: true,
    types: [],
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(moduleFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const exported = moduleSymbol
    ? checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName)
    : undefined;
  const declared = new Map<string, DeclaredSetting>();
  if (!exported) return declared;
  const symbol =
    exported.flags & ts.SymbolFlags.Alias
      ? checker.getAliasedSymbol(exported)
      : exported;
  const docOf = (s: ts.Symbol | undefined) =>
    s ? ts.displayPartsToString(s.getDocumentationComment(checker)) : "";

  const walk = (type: ts.Type, prefix: string, depth: number) => {
    if (depth > 6) return;
    for (const property of checker.getPropertiesOfType(type)) {
      const key = `${prefix}${property.name}`;
      const propertyType = checker.getNonNullableType(
        checker.getTypeOfSymbol(property),
      );
      const group =
        (propertyType.flags & ts.TypeFlags.Object) !== 0 &&
        !checker.isArrayType(propertyType) &&
        !checker.isTupleType(propertyType);
      const text =
        docOf(property) ||
        (group
          ? docOf(propertyType.aliasSymbol ?? propertyType.getSymbol())
          : "");
      declared.set(key, { doc: text ? firstSentence(text) : "", group });
      if (group) walk(propertyType, `${key}.`, depth + 1);
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(symbol), "", 0);
  return declared;
}
