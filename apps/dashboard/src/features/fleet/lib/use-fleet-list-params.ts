// The engine list's state as the URL and history entry hold it, read and written in one place: the
// filters, sort and page size in the search params, the cursors of the pages behind in the entry's state.
// Both the list and the histogram (which sets the remaining-life range) change it through here.
import { useLocation, useSearchParams } from 'react-router';
import { filterFromParams, type FleetFilter } from './filter-params';
import { listToParams, viewFromParams, type ListView } from './list-params';
import { cursorsFromState, cursorsToState } from './page-cursors';

export function useFleetListParams() {
  const [params, setParams] = useSearchParams();
  const cursors = cursorsFromState(useLocation().state);
  const filter = filterFromParams(params);
  const view = viewFromParams(params);

  // A new filter, sort or page size navigates without cursor state: back to the first page, since a
  // cursor belongs to the sort and filters it was made for.
  const show = (nextFilter: FleetFilter, nextView: ListView = view) =>
    setParams(listToParams(nextFilter, nextView), { replace: true, preventScrollReset: true });
  const goTo = (nextCursors: readonly string[]) =>
    setParams(params, { replace: true, preventScrollReset: true, state: cursorsToState(nextCursors) });

  return { filter, view, cursors, show, goTo };
}
