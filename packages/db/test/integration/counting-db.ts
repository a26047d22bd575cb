import type { Database, Queryable } from '../../src/database.js';

/** The same database, counting the statements each transaction issues. */
export function counting(db: Database): { db: Database; statements: number[] } {
  const statements: number[] = [];
  const wrapped: Database = Object.create(db) as Database;
  wrapped.transaction = <T>(fn: (tx: Queryable) => Promise<T>) => {
    statements.push(0);
    const i = statements.length - 1;
    return db.transaction((tx) =>
      fn({
        query: (text, params) => {
          statements[i] = (statements[i] ?? 0) + 1;
          return tx.query(text, params);
        },
      }),
    );
  };
  return { db: wrapped, statements };
}
