// `pnpm --filter @rul/db migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR when it is unset.
import { databaseOptionsFromEnv, openDatabase } from '../open-database.js';
import { migrate } from '../migrate.js';

const options = databaseOptionsFromEnv();
// The command only migrates; never expose the embedded database from here.
const db = await openDatabase({ ...options, socket: undefined });
try {
  const { applied } = await migrate(db);
  const where = options.databaseUrl
    ? `PostgreSQL (schema ${db.schema})`
    : `embedded database in ${options.dataDir}`;
  console.log(applied === 0 ? `${where}: already up to date` : `${where}: applied ${applied} migration(s)`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.close();
}
