// Real: the Fleet view, its queries, the generated API client and the router. Faked: the API (msw at the
// network layer; GET /engines pages a fleet by keyset cursors and records the query it was sent).
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { fleetSummary } from '../../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { answerPagedFleet } from '../../../../test/paged-fleet';
import { renderApp } from '../../../../test/render';

const bands = [
  { from: 0, to: 25, count: 12 },
  { from: 25, to: 50, count: 40 },
  { from: 50, to: null, count: 248 },
];

function answerBands() {
  answerFleetApi();
  server.use(
    http.get(`${API_ORIGIN}/fleet/summary`, () => HttpResponse.json({ ...fleetSummary, total: 300, bands })),
  );
  return answerPagedFleet(300);
}

const band = (name: RegExp) => screen.findByRole('button', { name });
const rangeFilter = () => screen.queryByRole('group', { name: 'Remaining life' });

describe('Fleet view narrowed to a remaining-life band', () => {
  it('lists a band’s engines from the first page, with the range in the URL and the filter bar', async () => {
    const user = userEvent.setup();
    const seen = answerBands();
    const { router } = renderApp('/fleet?status=warning&sort=rul&order=desc&size=25');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(seen.at(-1)?.has('cursor')).toBe(true));

    const middle = await band(/^Show the 40 engines with remaining life 25–50 cycles$/);
    await user.click(middle);
    await waitFor(() => expect(seen.at(-1)?.get('rulMin')).toBe('25'));
    // The other filters, the sort and the page size stay; paging starts over.
    expect(Object.fromEntries(seen.at(-1) as URLSearchParams)).toEqual({
      status: 'warning',
      rulMin: '25',
      rulMax: '50',
      sort: 'rul',
      order: 'desc',
      limit: '25',
    });
    expect(router.state.location.search).toBe(
      '?status=warning&rulMin=25&rulMax=50&sort=rul&order=desc&size=25',
    );
    await waitFor(() => expect(pages).toHaveTextContent('1–25 of 300'));
    expect(middle).toHaveAttribute('aria-pressed', 'true');
    expect(rangeFilter()).toHaveTextContent('25–50 cycles');

    // The first band leaves out rulMin: the summary counts a RUL below its edge in it.
    await user.click(await band(/remaining life 0–25 cycles/));
    await waitFor(() => expect(seen.at(-1)?.get('rulMax')).toBe('25'));
    expect(seen.at(-1)?.has('rulMin')).toBe(false);
    expect(rangeFilter()).toHaveTextContent('below 25 cycles');
    expect(middle).toHaveAttribute('aria-pressed', 'false');

    // Clearing the range in the filter bar lists every band again.
    await user.click(
      within(rangeFilter() as HTMLElement).getByRole('button', { name: 'Clear the remaining-life filter' }),
    );
    // (That query was answered at the start and is still cached: no new request.)
    await waitFor(() =>
      expect(router.state.location.search).toBe('?status=warning&sort=rul&order=desc&size=25'),
    );
    expect(rangeFilter()).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { pressed: true })).not.toBeInTheDocument();
  });

  it('keeps the band after a reload (from the URL), and pressing it again removes it', async () => {
    const user = userEvent.setup();
    const seen = answerBands();
    const { router } = renderApp('/fleet?rulMin=50');
    const last = await band(/^Show the 248 engines with remaining life 50 or more cycles$/);
    expect(last).toHaveAttribute('aria-pressed', 'true');
    expect(seen[0]?.get('rulMin')).toBe('50');
    expect(seen[0]?.has('rulMax')).toBe(false);
    expect(rangeFilter()).toHaveTextContent('50 or more cycles');

    await user.click(last);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(seen.at(-1)?.has('rulMin')).toBe(false);
    expect(last).toHaveAttribute('aria-pressed', 'false');
  });
});
