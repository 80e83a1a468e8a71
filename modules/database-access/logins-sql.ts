/**
 * The SQL that creates the pipeline's database logins and their grants
 * (psql, run as the master by the login setup task; docs/database.md
 * "Logins"). A TypeScript string, not a file read at synthesis: the app runs
 * bundled (tools/run-app.js), and the text is part of the synthesized task
 * definition, so it changes with this repository only.
 * `npm run migrate -- --print-logins-sql` prints it.
 */
export const LOGINS_SQL = String.raw`-- The pipeline's database logins and their grants (docs/database.md "Logins").
-- Run by npm run migrate -- <environment> --logins as the RDS master user,
-- connected through the RDS Proxy with an IAM token; safe to run again (it
-- then only sets new passwords). It runs on the primary; the read replicas
-- receive the roles and grants by replication. psql variables, set by the
-- runner:
--   owner_user, owner_password  the schema owner: migrations (DDL)
--   app_user, app_password      the application: API and collectors (DML)
--   reader_user                 the API's reads on the replicas: SELECT only,
--                               IAM authentication only (no password)
--   app_schema                  the schema the owner owns and the application uses
--   db_name                     the database
-- Passwords arrive as variables and are never echoed: psql runs without -e,
-- and log_statement is RDS's none (a statement that fails or takes over
-- log_min_duration_statement is logged, though: docs/database.md "Logins").
\set ON_ERROR_STOP on

-- ------------------------------------------------------------------ logins
SELECT format('CREATE ROLE %I', :'owner_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner_user') \gexec
SELECT format('CREATE ROLE %I', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('CREATE ROLE %I', :'reader_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader_user') \gexec

ALTER ROLE :"owner_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'owner_password';
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'app_password';
ALTER ROLE :"owner_user" SET search_path = :"app_schema";
ALTER ROLE :"app_user" SET search_path = :"app_schema";
-- The reader logs in with an IAM token only: a member of rds_iam cannot use
-- a password, and it has none.
-- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html
ALTER ROLE :"reader_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD NULL;
ALTER ROLE :"reader_user" SET search_path = :"app_schema";
GRANT rds_iam TO :"reader_user";

-- ------------------------------------------------------------------ schema
-- The RDS master is no true superuser: it may hand a schema to the owner
-- only as a member of that role.
GRANT :"owner_user" TO CURRENT_USER;
CREATE SCHEMA IF NOT EXISTS :"app_schema" AUTHORIZATION :"owner_user";
ALTER SCHEMA :"app_schema" OWNER TO :"owner_user";
-- Nobody else creates objects in public or connects by default.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE :"db_name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db_name" TO :"owner_user", :"app_user";
GRANT CONNECT ON DATABASE :"db_name" TO :"reader_user";

-- ------------------------------------------------------------- application
-- DML only: no DDL, no TRUNCATE, no ownership.
GRANT USAGE ON SCHEMA :"app_schema" TO :"app_user";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"app_schema" TO :"app_user";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA :"app_schema" TO :"app_user";
-- What the owner's migrations create later.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_user" IN SCHEMA :"app_schema"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_user" IN SCHEMA :"app_schema"
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_user";

-- ------------------------------------------------------------------ reader
-- SELECT on tables only: no DML, no sequences, no DDL, no ownership.
GRANT USAGE ON SCHEMA :"app_schema" TO :"reader_user";
GRANT SELECT ON ALL TABLES IN SCHEMA :"app_schema" TO :"reader_user";
-- What the owner's migrations create later.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_user" IN SCHEMA :"app_schema"
  GRANT SELECT ON TABLES TO :"reader_user";
`;
