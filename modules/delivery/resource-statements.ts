import { PolicyStatement } from "../security/policy";
import {
  GLOBAL_REQUEST_REGION,
  type ResourcePermissions,
} from "./resource-permission-types";
import {
  ArnScope,
  expandArns,
  RESOURCE_PERMISSIONS,
} from "./resource-permissions";

/** Which rows {@link readActions} takes: all, the regional or the global ones. */
export type RowSelection = "all" | "regional" | "global";

/** Every read action of the table's resource types, sorted, once each. */
export function readActions(
  table: Readonly<Record<string, ResourcePermissions>> = RESOURCE_PERMISSIONS,
  rows: RowSelection = "all",
): string[] {
  return unique(
    Object.values(table)
      .filter((row) => rows === "all" || (rows === "global") === !!row.global)
      .flatMap((row) => row.read),
  );
}

/** Options of {@link writeStatements}. */
export interface WriteStatementOptions {
  /**
   * Grant the rows' `destroyOnly` actions (stopping and deleting audit
   * logging); otherwise they are denied explicitly.
   * @default false
   */
  readonly mayDeleteAuditLogging?: boolean;
  /** @default RESOURCE_PERMISSIONS */
  readonly table?: Readonly<Record<string, ResourcePermissions>>;
}

/**
 * The write statements of the table: one per service for the rows with ARN
 * patterns (`Deploy<Service>`), one per service for the rows without
 * (`Deploy<Service>GeneratedIds`, on `*`), each limited to `regions` (a
 * global service's to us-east-1, where its requests go); and,
 * unless audit logging may be deleted, a Deny of the `destroyOnly` actions.
 */
export function writeStatements(
  scope: ArnScope,
  options: WriteStatementOptions = {},
): PolicyStatement[] {
  const table = options.table ?? RESOURCE_PERMISSIONS;
  const named = new Map<string, { actions: string[]; arns: string[] }>();
  const unnamed = new Map<string, string[]>();
  const destroyOnly: string[] = [];
  const global = new Set<string>();
  for (const row of Object.values(table)) {
    const actions = [
      ...row.deploy,
      ...(options.mayDeleteAuditLogging ? (row.destroyOnly ?? []) : []),
    ];
    destroyOnly.push(...(row.destroyOnly ?? []));
    for (const action of actions) {
      const service = action.split(":")[0];
      if (row.global) global.add(service);
      if (row.arns === undefined) {
        unnamed.set(service, [...(unnamed.get(service) ?? []), action]);
      } else {
        const entry = named.get(service) ?? { actions: [], arns: [] };
        entry.actions.push(action);
        entry.arns.push(...expandArns(row.arns, scope));
        named.set(service, entry);
      }
    }
  }
  const statements: PolicyStatement[] = [];
  for (const service of [
    ...new Set([...named.keys(), ...unnamed.keys()]),
  ].sort()) {
    const regions = {
      StringEquals: {
        "aws:RequestedRegion": global.has(service)
          ? [GLOBAL_REQUEST_REGION]
          : [...scope.regions],
      },
    };
    const entry = named.get(service);
    if (entry !== undefined) {
      statements.push({
        Sid: `Deploy${pascal(service)}`,
        Effect: "Allow",
        Action: unique(entry.actions),
        Resource: unique(entry.arns),
        Condition: regions,
      });
    }
    const any = unnamed.get(service);
    if (any !== undefined) {
      statements.push({
        Sid: `Deploy${pascal(service)}GeneratedIds`,
        Effect: "Allow",
        Action: unique(any),
        Resource: "*",
        Condition: regions,
      });
    }
  }
  if (!options.mayDeleteAuditLogging && destroyOnly.length > 0) {
    statements.push({
      Sid: "NoAuditLoggingStop",
      Effect: "Deny",
      Action: unique(destroyOnly),
      Resource: "*",
    });
  }
  return statements;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function pascal(service: string): string {
  return service
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
