// `pnpm --filter @rul/db serve:socket`: runs the embedded database under DATA_DIR as a Postgres-wire
// server on PGLITE_SOCKET_PORT (default 5433), migrated, until interrupted. Lets the Python worker
// (or psql) reach the embedded database when the API is not the one serving it.
import { EmbeddedSocketDatabase } from '../embedded-socket-database.js';
import { migrate } from '../migrate.js';
import { databaseOptionsFromEnv } from '../open-database.js';

const options = databaseOptionsFromEnv();
if (options.databaseUrl) {
  console.error('DATABASE_URL is set: PostgreSQL already speaks the wire protocol, nothing to serve.');
  process.exit(1);
}
const db = await EmbeddedSocketDatabase.open({
  dataDir: options.dataDir ? `${options.dataDir}/pgdata` : undefined,
  schema: options.schema,
  socket: options.socket ?? { port: 5433 },
});
await migrate(db);
console.log(`embedded database served at postgres://postgres@${db.address.host}:${db.address.port}/postgres`);

const stop = async () => {
  await db.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
