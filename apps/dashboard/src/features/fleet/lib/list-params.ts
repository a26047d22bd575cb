// How the engine list is ordered and paged, kept in the URL beside the filters (?sort=&order=&size=)
// so a sorted view survives a reload and can be shared. Defaults stay out of the URL; values the API
// would refuse are dropped here rather than sent.
import type { FleetFilter } from './filter-params';
import { filterToParams } from './filter-params';

export type SortKey = 'rul' | 'id' | 'last_cycle';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Lowest remaining life first: what an operator looks at before anything else. */
export const DEFAULT_SORT: SortState = { key: 'rul', direction: 'asc' };

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

export interface ListView {
  sort: SortState;
  pageSize: PageSize;
}

const SORT_KEYS: readonly string[] = ['rul', 'id', 'last_cycle'] satisfies SortKey[];
const isSortKey = (value: string): value is SortKey => SORT_KEYS.includes(value);
const isPageSize = (value: number): value is PageSize => (PAGE_SIZES as readonly number[]).includes(value);

export function viewFromParams(params: URLSearchParams): ListView {
  const key = params.get('sort') ?? '';
  const order = params.get('order');
  const size = Number(params.get('size'));
  return {
    sort: {
      key: isSortKey(key) ? key : DEFAULT_SORT.key,
      direction: order === 'asc' || order === 'desc' ? order : DEFAULT_SORT.direction,
    },
    pageSize: isPageSize(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** Filters first, then the sort and page size that differ from the defaults. */
export function listToParams(filter: FleetFilter, view: ListView): URLSearchParams {
  const params = filterToParams(filter);
  const { sort, pageSize } = view;
  if (sort.key !== DEFAULT_SORT.key || sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', sort.key);
    params.set('order', sort.direction);
  }
  if (pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(pageSize));
  return params;
}
