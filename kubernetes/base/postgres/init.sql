-- Runs once, on the first start with an empty data directory (the postgres image's
-- /docker-entrypoint-initdb.d hook), as POSTGRES_USER in POSTGRES_DB.
-- Tables belong to the API's migrations; this file only sets what migrations should not own:
-- database-wide defaults and a read-only role for reporting and monitoring.

DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
  -- A forgotten transaction must not hold locks (and block vacuum) forever.
  EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout TO %L', current_database(), '5min');
  EXECUTE format('ALTER DATABASE %I SET statement_timeout TO %L', current_database(), '60s');
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rul_readonly') THEN
    CREATE ROLE rul_readonly NOLOGIN;
  END IF;
END
$$;

GRANT pg_monitor TO rul_readonly;
GRANT USAGE ON SCHEMA public TO rul_readonly;
-- Tables the API creates later are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO rul_readonly;
