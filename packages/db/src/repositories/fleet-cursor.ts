// Keyset paging of the fleet list on (sort key NULLS LAST, id). The cursor carries the last row's
// key as the database printed it, so the next page starts exactly after it: rows added or moved
// elsewhere in the order between two pages neither repeat nor hide the others.
import { ValidationError } from '../errors.js';

export type FleetSort = 'rul' | 'id' | 'last_cycle' | 'updated';
export type FleetOrder = 'asc' | 'desc';

interface SortKey {
  /** The ORDER BY expression over the engines row `e`. */
  column: string;
  /** The key printed exactly (text, round-trips without loss). */
  print: string;
  /** Reads a printed key bound as the given parameter back into the column's type. */
  parse(param: string): string;
}

// Whitelisted expressions: neither the sort key nor a cursor value reaches SQL as text to splice.
// Timestamps are printed in UTC with microseconds: a JS Date would lose the last three digits.
export const SORT_KEYS: Record<FleetSort, SortKey> = {
  rul: { column: 'e.rul', print: 'e.rul::text', parse: (p) => `${p}::float8` },
  id: { column: 'e.id', print: 'e.id', parse: (p) => `${p}::text` },
  last_cycle: { column: 'e.last_cycle', print: 'e.last_cycle::text', parse: (p) => `${p}::int` },
  updated: {
    column: 'e.updated_at',
    print: `to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    parse: (p) => `(${p}::timestamp AT TIME ZONE 'UTC')`,
  },
};

export interface FleetCursor {
  sort: FleetSort;
  order: FleetOrder;
  /** The last row's sort key as printed by SORT_KEYS[sort].print; null when it had none. */
  key: string | null;
  id: string;
}

export function encodeCursor(c: FleetCursor): string {
  return Buffer.from(JSON.stringify({ s: c.sort, o: c.order, k: c.key, i: c.id }), 'utf8').toString(
    'base64url',
  );
}

function badCursor(message: string): ValidationError {
  return new ValidationError(message, { field: 'cursor' });
}

/** Decodes a cursor and checks it was made for this sort and order. */
export function decodeCursor(cursor: string, sort: FleetSort, order: FleetOrder): FleetCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('cursor is not a cursor this service returned');
  }
  const r = raw as { s?: unknown; o?: unknown; k?: unknown; i?: unknown } | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.s !== 'string' ||
    !(r.s in SORT_KEYS) ||
    (r.o !== 'asc' && r.o !== 'desc') ||
    (r.k !== null && typeof r.k !== 'string') ||
    typeof r.i !== 'string'
  ) {
    throw badCursor('cursor is not a cursor this service returned');
  }
  if (r.s !== sort || r.o !== order) {
    throw badCursor(
      `cursor was made for sort '${r.s}' ${r.o}, not '${sort}' ${order}; start again without a cursor`,
    );
  }
  return { sort, order, key: r.k, id: r.i };
}

export interface AfterCursor {
  /** Rows after the cursor among those with a key (or, for a null key, among those without). */
  sql: string;
  params: string[];
  /**
   * True when every row with no key also comes after the cursor (NULLS LAST): the page then reads
   * them in a second branch. An `OR key IS NULL` in the condition instead would keep PostgreSQL
   * from starting the index scan at the cursor: it walked the index from the first row, filtering.
   */
  thenNulls: boolean;
}

/**
 * The WHERE condition selecting rows after the cursor in ORDER BY key dir NULLS LAST, id dir, with
 * its parameters numbered from `first`.
 */
export function afterCursor(c: FleetCursor, first: number): AfterCursor {
  const { column, parse } = SORT_KEYS[c.sort];
  const cmp = c.order === 'asc' ? '>' : '<';
  const id = `$${first}::text`;
  if (c.key === null) {
    return { sql: `(${column} IS NULL AND e.id ${cmp} ${id})`, params: [c.id], thenNulls: false };
  }
  if (c.sort === 'id') return { sql: `(e.id ${cmp} ${id})`, params: [c.id], thenNulls: false };
  return {
    sql: `((${column}, e.id) ${cmp} (${parse(`$${first + 1}`)}, ${id}))`,
    params: [c.id, c.key],
    thenNulls: true,
  };
}
