/**
 * LOGINS_SQL run by psql against a throwaway PostgreSQL server in the
 * test's own temporary folder (unix socket only, no TCP), when the machine
 * has initdb, pg_ctl and psql; skipped otherwise, except with CI=true, where
 * their absence fails the suite. RDS's `rds_iam` role is
 * created first, as RDS has it. What it proves: the SQL runs, runs again,
 * and `pipeline_reader` may read the schema's tables and nothing else. What
 * it cannot: RDS's master is no true superuser here, and IAM tokens.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LOGINS_SQL } from "../../../modules/database-access/logins-sql";

const TOOLS = ["initdb", "pg_ctl", "psql"];
const available = TOOLS.every(
  (tool) => spawnSync("which", [tool]).status === 0,
);
// PostgreSQL refuses to run its server as root: run it as nobody then.
const asRoot = process.getuid?.() === 0;
const ready =
  available && (!asRoot || spawnSync("which", ["runuser"]).status === 0);
// With CI=true a missing tool fails the suite (beforeAll), never skips it.
const describeWithPostgres =
  ready || process.env.CI === "true" ? describe : describe.skip;

const VARIABLES = {
  owner_user: "pipeline_owner",
  owner_password: "owner-secret-1",
  app_user: "pipeline_app",
  app_password: "app-secret-1",
  reader_user: "pipeline_reader",
  app_schema: "pipeline",
  db_name: "pipeline",
};

describeWithPostgres("LOGINS_SQL on PostgreSQL", () => {
  let dir = "";
  const server = (command: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "nobody", "--", command, ...args], {
          stdio: "pipe",
        })
      : execFileSync(command, args, { stdio: "pipe" });
  /** psql as `user`: exit code and stderr. */
  const psql = (user: string, args: string[], input?: string) => {
    const r = spawnSync(
      "psql",
      ["-X", "-q", "-h", dir, "-p", "55432", "-U", user, ...args],
      { input, encoding: "utf8" },
    );
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const asReader = (sql: string) =>
    psql(VARIABLES.reader_user, [
      "-d",
      "pipeline",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql,
    ]);
  const runLogins = () =>
    psql(
      "admin",
      [
        "-d",
        "pipeline",
        ...Object.entries(VARIABLES).flatMap(([k, v]) => ["-v", `${k}=${v}`]),
        "-f",
        "-",
      ],
      LOGINS_SQL,
    );

  beforeAll(() => {
    if (!ready)
      throw new Error(
        `CI=true but ${TOOLS.join(", ")}${asRoot ? " and runuser" : ""} are not all on the PATH (Debian: apt-get install postgresql)`,
      );
    // As root, the server runs as nobody, who cannot enter the run's private
    // temporary folder: then the folder is the system's, still this test's own.
    dir = fs.mkdtempSync(
      path.join(asRoot ? "/tmp" : os.tmpdir(), "logins-sql-"),
    );
    if (asRoot) execFileSync("chown", ["nobody", dir]);
    server("initdb", [
      "-D",
      path.join(dir, "data"),
      "-A",
      "trust",
      "-U",
      "admin",
    ]);
    server("pg_ctl", [
      "-D",
      path.join(dir, "data"),
      "-o",
      `-k ${dir} -p 55432 -c listen_addresses=''`,
      "-l",
      path.join(dir, "log"),
      "-w",
      "start",
    ]);
    psql("admin", ["-d", "postgres", "-c", "CREATE DATABASE pipeline"]);
    psql("admin", ["-d", "postgres", "-c", "CREATE ROLE rds_iam"]);
  }, 60_000);

  afterAll(() => {
    if (fs.existsSync(path.join(dir, "data", "postmaster.pid")))
      server("pg_ctl", [
        "-D",
        path.join(dir, "data"),
        "-m",
        "fast",
        "-w",
        "stop",
      ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("GIVEN a fresh database WHEN the SQL runs twice THEN both runs succeed", () => {
    expect([runLogins().status, runLogins().status]).toEqual([0, 0]);
  });

  it("GIVEN a table the owner creates after the setup WHEN the reader selects from it THEN it reads the rows", () => {
    psql(VARIABLES.owner_user, [
      "-d",
      "pipeline",
      "-c",
      "CREATE TABLE prices (id int); INSERT INTO prices VALUES (1); CREATE SEQUENCE ids;",
    ]);
    expect(asReader("SELECT id FROM prices").stdout).toMatch(
      /^\s*id\s*\n-+\n\s*1\n/,
    );
  });

  it.each([
    ["INSERT INTO prices VALUES (2)", /permission denied for table prices/],
    ["UPDATE prices SET id = 3", /permission denied for table prices/],
    ["DELETE FROM prices", /permission denied for table prices/],
    [
      "CREATE TABLE pipeline.other (id int)",
      /permission denied for schema pipeline/,
    ],
    ["SELECT nextval('ids')", /permission denied for sequence ids/],
    [
      "CREATE TEMP TABLE scratch (id int)",
      /permission denied to create temporary tables/,
    ],
  ])(
    "GIVEN the reader WHEN it runs %s THEN PostgreSQL refuses",
    (sql, refusal) => {
      const r = asReader(sql);
      expect([r.status, r.stderr]).toEqual([1, expect.stringMatching(refusal)]);
    },
  );

  it("GIVEN the setup WHEN the reader's role is read THEN it may log in, has no password and is a member of rds_iam", () => {
    const r = psql("admin", [
      "-d",
      "pipeline",
      "-At",
      "-c",
      "SELECT rolcanlogin, rolpassword IS NULL, rolsuper, pg_has_role(rolname, 'rds_iam', 'member') FROM pg_authid WHERE rolname = 'pipeline_reader'",
    ]);
    expect(r.stdout.trim()).toBe("t|t|f|t");
  });
});
