// An msw answer for GET /engines over a fleet of any size, paged by keyset cursors as the API pages it:
// a cursor names the sort and order it was made for and the position after which the next page starts,
// and a cursor sent with another sort or order is refused (400, field cursor) as the API refuses it.
// Only the requested page is ever built, so a 10,000-engine fleet costs one page per request.
import { http, HttpResponse } from 'msw';
import type { Engine } from '../src/features/fleet/api/get-engines';
import { engine, engineList } from './fixtures/fleet-bodies';
import { API_ORIGIN, server } from './msw-server';

export const pagedEngineId = (index: number) => `ENG-${String(index + 1).padStart(5, '0')}`;

function pagedEngine(index: number): Engine {
  return engine(pagedEngineId(index), index < 20 ? 'critical' : index < 50 ? 'warning' : 'healthy', index);
}

const encode = (cursor: { sort: string; order: string; after: number }) =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decode(cursor: string): { sort: string; order: string; after: number } {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
    sort: string;
    order: string;
    after: number;
  };
}

/** Answers GET /engines over `total` engines; returns every request's query parameters, in order. */
export function answerPagedFleet(total: number): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(`${API_ORIGIN}/engines`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      seen.push(params);
      const sort = params.get('sort') ?? 'rul';
      const order = params.get('order') ?? 'asc';
      const limit = Number(params.get('limit') ?? 50);
      const cursor = params.get('cursor');
      let start = 0;
      if (cursor !== null) {
        const at = decode(cursor);
        if (at.sort !== sort || at.order !== order) {
          return HttpResponse.json(
            {
              statusCode: 400,
              code: 'VALIDATION_ERROR',
              message: 'cursor was made for another sort or order',
              details: [{ path: 'cursor', message: 'made for another sort or order' }],
            },
            { status: 400 },
          );
        }
        start = at.after;
      }
      const end = Math.min(total, start + limit);
      const items = Array.from({ length: end - start }, (_, i) => pagedEngine(start + i));
      const next = end < total ? encode({ sort, order, after: end }) : null;
      return HttpResponse.json({ ...engineList(items, total, next), limit });
    }),
  );
  return seen;
}
