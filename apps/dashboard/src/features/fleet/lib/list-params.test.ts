// Pure functions; nothing faked.
import { describe, expect, it } from 'vitest';
import { filterFromParams } from './filter-params';
import { DEFAULT_PAGE_SIZE, DEFAULT_SORT, listToParams, viewFromParams } from './list-params';

const noFilter = { status: '', name: '', model: '', rul: null } as const;

describe('fleet sort and page size in the URL', () => {
  it('reads sort, order and page size, falling back to the defaults for unknown values', () => {
    expect(viewFromParams(new URLSearchParams('sort=last_cycle&order=desc&size=200'))).toEqual({
      sort: { key: 'last_cycle', direction: 'desc' },
      pageSize: 200,
    });
    expect(viewFromParams(new URLSearchParams('sort=bogus&order=up&size=7'))).toEqual({
      sort: DEFAULT_SORT,
      pageSize: DEFAULT_PAGE_SIZE,
    });
  });

  it('writes the filters, then only what differs from the defaults', () => {
    const filter = { ...noFilter, status: 'critical' } as const;
    expect(listToParams(filter, { sort: DEFAULT_SORT, pageSize: DEFAULT_PAGE_SIZE }).toString()).toBe(
      'status=critical',
    );
    expect(listToParams(noFilter, { sort: { key: 'rul', direction: 'desc' }, pageSize: 25 }).toString()).toBe(
      'sort=rul&order=desc&size=25',
    );
  });

  it('keeps a remaining-life range beside the sort, so a band survives a reload', () => {
    const filter = { ...noFilter, rul: { min: 125, max: null } };
    const params = listToParams(filter, { sort: { key: 'rul', direction: 'desc' }, pageSize: 25 });
    expect(params.toString()).toBe('rulMin=125&sort=rul&order=desc&size=25');
    expect(filterFromParams(params)).toEqual(filter);
  });

  it('round-trips a non-default view', () => {
    const view = { sort: { key: 'id', direction: 'asc' }, pageSize: 100 } as const;
    expect(viewFromParams(listToParams(noFilter, view))).toEqual(view);
  });
});
