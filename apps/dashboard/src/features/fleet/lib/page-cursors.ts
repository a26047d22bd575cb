// The cursors of the pages behind the current one, kept in the history entry's state rather than in the
// URL: cursors are opaque and long, but the Back button from an engine page must return to the same
// page. Entry i holds the cursor that fetched page i + 1; an empty stack is the first page. Anything
// that changes the filters, sort or page size navigates without this state, so it starts over at page 1.

const KEY = 'fleetCursors';

export function cursorsFromState(state: unknown): string[] {
  if (typeof state !== 'object' || state === null) return [];
  const cursors = (state as Record<string, unknown>)[KEY];
  return Array.isArray(cursors) && cursors.every((c) => typeof c === 'string' && c !== '') ? cursors : [];
}

export function cursorsToState(cursors: readonly string[]): Record<string, string[]> {
  return { [KEY]: [...cursors] };
}
