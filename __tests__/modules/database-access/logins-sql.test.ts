/**
 * The logins SQL's read-only login (issue 21, item 3): what it grants
 * `pipeline_reader`, read from the statements the login setup runs.
 */
import { LOGINS_SQL } from "../../../modules/database-access/logins-sql";

/** The SQL's statements, comments dropped and whitespace collapsed. */
const STATEMENTS = LOGINS_SQL.split("\n")
  .filter((line) => !line.startsWith("--"))
  .join("\n")
  .split(/;|\\gexec/)
  .map((s) => s.replace(/\s+/g, " ").trim())
  .filter((s) => s !== "" && !s.startsWith("\\set"));

/** The statements that name the reader. */
const READER = STATEMENTS.filter((s) => s.includes("reader_user"));

describe("LOGINS_SQL: the reader login", () => {
  it("GIVEN the SQL WHEN read THEN the reader gets exactly CONNECT, USAGE on the schema, SELECT on its tables now and later, and rds_iam", () => {
    expect(READER.filter((s) => /\bGRANT\b/.test(s))).toEqual([
      'GRANT rds_iam TO :"reader_user"',
      'GRANT CONNECT ON DATABASE :"db_name" TO :"reader_user"',
      'GRANT USAGE ON SCHEMA :"app_schema" TO :"reader_user"',
      'GRANT SELECT ON ALL TABLES IN SCHEMA :"app_schema" TO :"reader_user"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_user" IN SCHEMA :"app_schema" GRANT SELECT ON TABLES TO :"reader_user"',
    ]);
  });

  it("GIVEN the SQL WHEN read THEN no statement gives the reader a write, DDL or sequence right", () => {
    expect(
      READER.filter((s) =>
        /\b(INSERT|UPDATE|DELETE|TRUNCATE|CREATE ON|TEMPORARY|SEQUENCES|ALL PRIVILEGES|OWNER TO)\b/.test(
          s,
        ),
      ),
    ).toEqual([]);
  });

  it("GIVEN the SQL WHEN read THEN the reader is a login without a password, superuser or role rights, and no reader password variable exists", () => {
    expect({
      role: READER.filter((s) =>
        s.startsWith('ALTER ROLE :"reader_user" WITH'),
      ),
      passwordVariable: /reader_password/.test(LOGINS_SQL),
    }).toEqual({
      role: [
        'ALTER ROLE :"reader_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD NULL',
      ],
      passwordVariable: false,
    });
  });

  it("GIVEN the SQL run again WHEN the reader exists THEN it is not created twice: CREATE ROLE only when missing", () => {
    expect(READER.filter((s) => s.includes("CREATE ROLE"))).toEqual([
      `SELECT format('CREATE ROLE %I', :'reader_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader_user')`,
    ]);
  });
});
