/**
 * Instance classes this project allows, with their memory in GiB (the base of
 * the freeable-memory alarm) and the `max_connections` the parameter group
 * sets for them (the base of the connection alarm).
 *
 * RDS PostgreSQL's default is `LEAST(DBInstanceClassMemory / 9531392, 5000)`,
 * where `DBInstanceClassMemory` is the memory left after the OS and RDS's own
 * processes: unpublished, and below the nominal memory (a db.t3.micro's
 * default is less than the 112 its nominal 1 GiB gives), so an alarm computed
 * from the nominal memory could never fire. The value is therefore set
 * explicitly, at two thirds of the nominal-memory formula (75 per GiB): a
 * conservative figure, meant to stay below RDS's own default, so that each
 * connection keeps at least the memory RDS budgets for it.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export const DB_INSTANCE_CLASSES: Readonly<
  Record<
    string,
    { readonly memoryGiB: number; readonly maxConnections: number }
  >
> = {
  "db.t3.micro": { memoryGiB: 1, maxConnections: 75 },
  "db.t3.small": { memoryGiB: 2, maxConnections: 150 },
  "db.t3.medium": { memoryGiB: 4, maxConnections: 300 },
  "db.t3.large": { memoryGiB: 8, maxConnections: 600 },
  "db.t4g.micro": { memoryGiB: 1, maxConnections: 75 },
  "db.t4g.small": { memoryGiB: 2, maxConnections: 150 },
  "db.t4g.medium": { memoryGiB: 4, maxConnections: 300 },
  "db.t4g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m6g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m6g.xlarge": { memoryGiB: 16, maxConnections: 1200 },
  "db.m7g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m7g.xlarge": { memoryGiB: 16, maxConnections: 1200 },
  "db.r6g.large": { memoryGiB: 16, maxConnections: 1200 },
  "db.r6g.xlarge": { memoryGiB: 32, maxConnections: 2400 },
};
