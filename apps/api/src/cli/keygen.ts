/**
 * Prints a new API key and the API_KEYS entry that accepts it. Only the hash goes into config; the key
 * itself is shown once and must be stored by whoever uses it.
 *   pnpm --filter @rul/api keygen -- --name dashboard --scope read
 *   node dist/cli/keygen.js --name ops --scope admin
 */
import { parseArgs } from 'node:util';
import { generateKey, type Scope } from '../config/api-keys.js';

const { values } = parseArgs({
  // pnpm forwards a literal '--' separator; it isn't an argument.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { name: { type: 'string', default: 'client' }, scope: { type: 'string', default: 'read' } },
});
const scope = values.scope as Scope;
if (scope !== 'read' && scope !== 'admin') {
  console.error('--scope must be read or admin');
  process.exit(2);
}
if (!/^[A-Za-z0-9_.-]{1,64}$/.test(values.name)) {
  console.error('--name must be 1-64 characters of A-Z a-z 0-9 _ . -');
  process.exit(2);
}
const { key, entry } = generateKey(values.name, scope);
console.log(`key (give to the client, shown once): ${key}`);
console.log(`config entry (append to API_KEYS, comma-separated): ${entry}`);
