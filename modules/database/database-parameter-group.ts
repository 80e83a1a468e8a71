import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

const ENGINE_VERSION_PATTERN = /^(\d+)(\.\d+)?$/;
/** RDS's lowest `max_connections` (reserved superuser slots) and PostgreSQL's highest. */
const MIN_MAX_CONNECTIONS = 6;
const MAX_MAX_CONNECTIONS = 262143;

/** PostgreSQL major versions RDS supports (standard support) that this project accepts. */
export const POSTGRES_MAJOR_VERSIONS = [13, 14, 15, 16, 17] as const;

/** Properties of a {@link DatabaseParameterGroup}. */
export interface DatabaseParameterGroupProps {
  /**
   * Start of the group's name: Terraform names it
   * `<namePrefix>-postgres<major>-<unique suffix>`.
   */
  readonly namePrefix: string;
  /** PostgreSQL version, `major` or `major.minor` (e.g. `16`); the family is `postgres<major>`. */
  readonly engineVersion: string;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`), ms.
   * @default 500 - ten times the 50 ms p95 query target
   */
  readonly slowQueryThresholdMs?: number;
  /**
   * `max_connections`, set explicitly so that alarms can be computed from it.
   * Static: an existing instance takes a change at its next reboot.
   * @default - RDS's default, `LEAST(DBInstanceClassMemory / 9531392, 5000)`, whose exact value is not known at synthesis
   */
  readonly maxConnections?: number;
}

/** Checks the engine version, slow-query threshold and `max_connections` of {@link DatabaseParameterGroupProps}. */
export function checkDatabaseParameterGroupProps(
  report: PropReport,
  props: Partial<
    Pick<
      DatabaseParameterGroupProps,
      "engineVersion" | "slowQueryThresholdMs" | "maxConnections"
    >
  >,
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "engineVersion",
    props.engineVersion,
    ENGINE_VERSION_PATTERN,
    "must be a PostgreSQL version such as 16 or 16.9",
  );
  const major = ENGINE_VERSION_PATTERN.exec(props.engineVersion ?? "")?.[1];
  checks.check(
    "engineVersion",
    major === undefined ? undefined : props.engineVersion,
    () =>
      (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(Number(major)),
    `must be of a major version RDS supports (${POSTGRES_MAJOR_VERSIONS.join(", ")})`,
  );
  checks.check(
    "slowQueryThresholdMs",
    props.slowQueryThresholdMs,
    (ms) => Number.isInteger(ms) && ms >= -1,
    "must be a whole number of ms, or -1 (off)",
  );
  checks.wholeNumber(
    "maxConnections",
    props.maxConnections,
    MIN_MAX_CONNECTIONS,
    MAX_MAX_CONNECTIONS,
  );
}

/**
 * The DB parameter group of an RDS PostgreSQL instance, of the family that
 * matches its engine's major version: TLS only, slow-query and connection
 * logging, pg_stat_statements preloaded.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Parameters.html
 */
export class DatabaseParameterGroup extends Construct {
  public readonly parameterGroup: DbParameterGroup;
  /** Name of the group (known after apply), for the instance's `parameter_group_name`. */
  public readonly name: string;
  /** `postgres<major>`. */
  public readonly family: string;
  /** The `max_connections` the group sets, if it sets one. */
  public readonly maxConnections?: number;

  /** The parameter group family of a PostgreSQL `major` or `major.minor` version, or undefined if it is not one. */
  public static familyOf(engineVersion: string): string | undefined {
    const match = ENGINE_VERSION_PATTERN.exec(engineVersion);
    return match ? `postgres${Number(match[1])}` : undefined;
  }

  constructor(
    scope: Construct,
    id: string,
    props: DatabaseParameterGroupProps,
  ) {
    super(scope, id);
    const slowQueryThresholdMs = props.slowQueryThresholdMs ?? 500;
    checkDatabaseParameterGroupProps(
      throwOnBadProp(`DatabaseParameterGroup ${id}`),
      { ...props, slowQueryThresholdMs },
    );
    const family = DatabaseParameterGroup.familyOf(props.engineVersion)!;
    const maxConnections = props.maxConnections;
    this.family = family;
    this.maxConnections = maxConnections;
    this.parameterGroup = new DbParameterGroup(this, "parameter-group", {
      // A prefix, not a fixed name: every replacement (a major upgrade's new
      // family, or a changed description) creates the new group under a new
      // name before the instance moves to it, then destroys the old one.
      namePrefix: `${props.namePrefix}-${family}-`,
      family,
      description: `${props.namePrefix}: TLS only, slow-query and connection logging, pg_stat_statements`,
      parameter: [
        // Refuse every connection that is not TLS: encryption in transit.
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        // Log statements ten times slower than the p95 target, to find them before users do.
        {
          name: "log_min_duration_statement",
          value: String(slowQueryThresholdMs),
          applyMethod: "immediate",
        },
        // Who connected from where: the access trail of a financial database.
        { name: "log_connections", value: "1", applyMethod: "immediate" },
        // Session ends and lengths, to tell connection leaks from pool churn.
        { name: "log_disconnections", value: "1", applyMethod: "immediate" },
        // Per-statement statistics; a preload library is static, so it waits for a reboot.
        {
          name: "shared_preload_libraries",
          value: "pg_stat_statements",
          applyMethod: "pending-reboot",
        },
        // A known limit instead of RDS's memory formula, so that the
        // connection alarm is a fixed share of it; static, so it waits for a reboot.
        ...(maxConnections === undefined
          ? []
          : [
              {
                name: "max_connections",
                value: String(maxConnections),
                applyMethod: "pending-reboot",
              },
            ]),
      ],
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: `${props.namePrefix}-${family}` },
    });
    this.name = this.parameterGroup.name;
  }
}
