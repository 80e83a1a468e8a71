import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { Construct } from "constructs";

const ENGINE_VERSION_PATTERN = /^(\d+)(\.\d+)?$/;
/** RDS's lowest `max_connections` (reserved superuser slots) and PostgreSQL's highest. */
const MIN_MAX_CONNECTIONS = 6;
const MAX_MAX_CONNECTIONS = 262143;

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
    const family = DatabaseParameterGroup.familyOf(props.engineVersion);
    if (family === undefined) {
      throw new Error(
        `DatabaseParameterGroup ${id}: engineVersion = ${JSON.stringify(props.engineVersion)}: must be a PostgreSQL version such as 16 or 16.9`,
      );
    }
    if (!Number.isInteger(slowQueryThresholdMs) || slowQueryThresholdMs < -1) {
      throw new Error(
        `DatabaseParameterGroup ${id}: slowQueryThresholdMs = ${slowQueryThresholdMs}: must be a whole number of ms, or -1 (off)`,
      );
    }
    const maxConnections = props.maxConnections;
    if (
      maxConnections !== undefined &&
      (!Number.isInteger(maxConnections) ||
        maxConnections < MIN_MAX_CONNECTIONS ||
        maxConnections > MAX_MAX_CONNECTIONS)
    ) {
      throw new Error(
        `DatabaseParameterGroup ${id}: maxConnections = ${maxConnections}: must be a whole number from ${MIN_MAX_CONNECTIONS} to ${MAX_MAX_CONNECTIONS}`,
      );
    }
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
