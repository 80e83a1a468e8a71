/**
 * Amazon RDS: instances and read replicas (hours, storage, backups,
 * Enhanced Monitoring), proxies and automated backups replicated to another
 * region.
 */
import { storedLogGiB } from "./cloudwatch";
import {
  CannotPrice,
  type LineDraft,
  referencedName,
  req,
  type ResourceConfig,
  type Rule,
  type RuleContext,
  type ServiceRules,
} from "./rule";

const GIB_PER_KIB = 1 / (1024 * 1024);

/**
 * The configuration of the instance a read replica replicates
 * (`replicate_source_db` naming an `aws_db_instance` of the same stack);
 * undefined for an instance that is no replica. A replica of an instance
 * elsewhere cannot be priced: its storage size is the source's.
 */
function sourceOfReplica(ctx: RuleContext): ResourceConfig | undefined {
  const reference = ctx.config.replicate_source_db;
  if (reference === undefined) return undefined;
  const name = referencedName(reference, "aws_db_instance");
  const source =
    name === undefined ? undefined : ctx.stackResources.aws_db_instance?.[name];
  if (source === undefined)
    throw new CannotPrice(
      `read replica of ${reference}: its source is not in this stack, so its storage size is unknown`,
    );
  return source;
}

const dbInstance: Rule = (ctx) => {
  const c = ctx.config;
  const hours = req(ctx, "hours-per-month");
  const az = c.multi_az ? "multi-az" : "single-az";
  const azLabel = c.multi_az ? "Multi-AZ" : "Single-AZ";
  // A read replica takes its storage size from its source (same stack):
  // billed like any instance of its class, with no backups of its own.
  const source = sourceOfReplica(ctx);
  const role = source === undefined ? "" : " read replica";
  const storageType = c.storage_type ?? source?.storage_type ?? "gp2";
  const allocated = Number(
    (source === undefined ? c.allocated_storage : source.allocated_storage) ??
      0,
  );
  const retention = Number(c.backup_retention_period ?? 0);
  const data = req(ctx, "db-data-gib");
  const change = req(ctx, "db-daily-change-percent") / 100;
  if (
    c.performance_insights_enabled &&
    c.performance_insights_retention_period > 7
  )
    throw new CannotPrice(
      `Performance Insights retention ${c.performance_insights_retention_period} days (beyond the free 7) has no rate`,
    );
  const lines: LineDraft[] = [
    {
      item: `instance hours (${c.instance_class}, ${azLabel}${role})`,
      rate: `rds.instance.${c.instance_class}.${az}`,
      quantity: hours,
      assumptions: ["hours-per-month"],
    },
    {
      item: `${storageType} storage, ${allocated} GiB allocated (${azLabel}${role})`,
      rate: `rds.storage.${storageType}.${az}`,
      quantity: allocated,
      assumptions: [],
    },
  ];
  if (retention > 0) {
    // A full copy, then one increment per day of the window; 100 % of the
    // allocated storage is free. https://aws.amazon.com/rds/faqs/ (backup storage)
    const backup = data * (1 + change * retention);
    lines.push({
      item: `backup storage beyond the free ${allocated} GiB (${backup.toFixed(1)} GiB for ${retention} days)`,
      rate: "rds.backup-storage",
      quantity: Math.max(0, backup - allocated),
      assumptions: ["db-data-gib", "db-daily-change-percent"],
    });
  }
  const interval = Number(c.monitoring_interval ?? 0);
  if (interval > 0) {
    const gib =
      ((hours * 3600) / interval) *
      req(ctx, "enhanced-monitoring-kib") *
      GIB_PER_KIB;
    lines.push(
      {
        item: `Enhanced Monitoring every ${interval} s (RDSOSMetrics logs ingested)`,
        rate: "logs.ingest-gb",
        quantity: gib,
        assumptions: ["hours-per-month", "enhanced-monitoring-kib"],
      },
      {
        item: "Enhanced Monitoring logs stored (RDSOSMetrics keeps 30 days)",
        rate: "logs.storage-gb-month",
        quantity: storedLogGiB(gib, 30),
        assumptions: ["hours-per-month", "enhanced-monitoring-kib"],
      },
    );
  }
  if (c.manage_master_user_password) {
    lines.push(
      {
        item: "Secrets Manager secret (RDS-managed master password)",
        rate: "secretsmanager.secret-month",
        quantity: 1,
        assumptions: [],
      },
      {
        item: "Secrets Manager API calls on the master secret",
        rate: "secretsmanager.10k-api-calls",
        quantity: req(ctx, "secret-api-calls") / 10_000,
        assumptions: ["secret-api-calls"],
      },
    );
  }
  return { lines };
};

const backupReplication: Rule = (ctx) => {
  const c = ctx.config;
  const retention = Number(c.retention_period ?? 7);
  const data = req(ctx, "db-data-gib");
  const change = req(ctx, "db-daily-change-percent") / 100;
  const source = referencedName(c.source_db_instance_arn, "aws_db_instance");
  const sourceConfig = source
    ? ctx.stackResources.aws_db_instance?.[source]
    : undefined;
  const sourceRegion = sourceConfig
    ? ctx.providerRegion(sourceConfig.provider)
    : ctx.stackRegion;
  return {
    lines: [
      {
        item: `replicated backups in ${ctx.region} (${retention} days, no free allowance)`,
        rate: "rds.backup-storage",
        quantity: data * (1 + change * retention),
        region: ctx.region,
        assumptions: ["db-data-gib", "db-daily-change-percent"],
      },
      {
        // The first full copy is a one-off; this is the steady daily change.
        item: `daily changes copied ${sourceRegion} → ${ctx.region}`,
        rate: "transfer.inter-region-gb",
        quantity: data * change * 30,
        region: sourceRegion,
        assumptions: ["db-data-gib", "db-daily-change-percent"],
      },
    ],
  };
};

/**
 * vCPUs of an instance class by its size: micro to large 2, xlarge 4,
 * <n>xlarge 4n (the burstable, general-purpose and memory-optimized
 * classes alike). Undefined for a size it does not know.
 */
export function classVcpus(instanceClass: string): number | undefined {
  const size = instanceClass.split(".").pop() ?? "";
  if (["micro", "small", "medium", "large"].includes(size)) return 2;
  const xl = /^(\d*)xlarge$/.exec(size);
  return xl ? 4 * Number(xl[1] || 1) : undefined;
}

// A proxy is billed per vCPU-hour of the instance it fronts, at least 2
// vCPUs; a Multi-AZ standby takes no connections and is not counted.
// https://aws.amazon.com/rds/proxy/pricing/
const dbProxy: Rule = (ctx) => {
  const target = Object.values(
    ctx.stackResources.aws_db_proxy_target ?? {},
  ).find((t) => referencedName(t.db_proxy_name, "aws_db_proxy") === ctx.name);
  const instance = referencedName(
    target?.db_instance_identifier,
    "aws_db_instance",
  );
  const instanceClass = instance
    ? ctx.stackResources.aws_db_instance?.[instance]?.instance_class
    : undefined;
  const vcpus = classVcpus(String(instanceClass ?? ""));
  if (vcpus === undefined)
    throw new CannotPrice(
      `the instance class behind the proxy (${instanceClass ?? "no target in this stack"}) has no known vCPU count`,
    );
  const billed = Math.max(2, vcpus);
  const hours = req(ctx, "hours-per-month");
  return {
    lines: [
      {
        item: `proxy for ${instanceClass} (${billed} vCPUs billed, minimum 2)`,
        rate: "rds.proxy.vcpu-hour",
        quantity: billed * hours,
        assumptions: ["hours-per-month"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const RDS_RULES: ServiceRules = {
  priced: {
    aws_db_instance: dbInstance,
    aws_db_instance_automated_backups_replication: backupReplication,
    aws_db_proxy: dbProxy,
  },
  free: {
    aws_db_subnet_group: "no charge",
    aws_db_parameter_group: "no charge",
    aws_db_proxy_default_target_group: "part of the proxy's charge",
    aws_db_proxy_target: "part of the proxy's charge",
  },
};
