// Real: the Fleet view, its queries, the generated API client and the router. Faked: the API (msw at the
// network layer, paging a fleet of any size by keyset cursors as the API does).
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { answerPagedFleet, pagedEngineId } from '../../../../test/paged-fleet';
import { renderApp } from '../../../../test/render';

const engineRows = () =>
  within(screen.getByRole('table', { name: 'Engines' }))
    .getAllByRole('row')
    .slice(1);
const firstEngine = () => within(engineRows()[0] as HTMLElement).getByRole('rowheader').textContent;

describe('Fleet view paged on the server', () => {
  it('renders a 10,000-engine fleet as one page of rows, with the total', async () => {
    answerFleetApi();
    const seen = answerPagedFleet(10_000);
    renderApp('/fleet');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    expect(pages).toHaveTextContent('1–50 of 10,000');
    expect(engineRows()).toHaveLength(50);
    expect(document.querySelectorAll('a[href^="/engines/"]')).toHaveLength(50);
    expect(firstEngine()).toBe(pagedEngineId(0));
    expect(within(pages).getByRole('button', { name: 'Next' })).toBeEnabled();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.get('limit')).toBe('50');
    expect(seen[0]?.has('cursor')).toBe(false);
    expect(seen[0]?.has('offset')).toBe(false);
  });

  it('pages forwards with each nextCursor and back through the cursors it kept', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const seen = answerPagedFleet(120);
    renderApp('/fleet');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    const previous = within(pages).getByRole('button', { name: 'Previous' });
    const next = within(pages).getByRole('button', { name: 'Next' });
    expect(pages).toHaveTextContent('1–50 of 120');
    expect(previous).toBeDisabled();

    await user.click(next);
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 120'));
    expect(firstEngine()).toBe(pagedEngineId(50));
    const second = seen.at(-1)?.get('cursor');
    expect(second).toBeTruthy();

    await user.click(next);
    await waitFor(() => expect(pages).toHaveTextContent('101–120 of 120'));
    expect(engineRows()).toHaveLength(20);
    expect(seen.at(-1)?.get('cursor')).not.toBe(second);
    expect(next).toBeDisabled();

    await user.click(previous);
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 120'));
    expect(firstEngine()).toBe(pagedEngineId(50));
    await user.click(previous);
    await waitFor(() => expect(pages).toHaveTextContent('1–50 of 120'));
    expect(firstEngine()).toBe(pagedEngineId(0));
    expect(previous).toBeDisabled();
    // Every page came from a cursor the API gave; none from an offset.
    expect(seen.every((params) => !params.has('offset'))).toBe(true);
  });

  it('returns to the same page after opening an engine', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    answerPagedFleet(120);
    const { router } = renderApp('/fleet');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 120'));

    await user.click(screen.getByRole('link', { name: pagedEngineId(50) }));
    await screen.findByRole('heading', { level: 1, name: /^Engine / });
    await act(() => router.navigate(-1));
    const back = await screen.findByRole('navigation', { name: 'Engine pages' });
    await waitFor(() => expect(back).toHaveTextContent('51–100 of 120'));
    expect(firstEngine()).toBe(pagedEngineId(50));
  });

  it('sends the sort, filters and page size from the URL to the API', async () => {
    answerFleetApi();
    const seen = answerPagedFleet(300);
    renderApp('/fleet?status=warning&name=ENG-0&model=cmapss-fd001&sort=last_cycle&order=desc&size=25');
    await screen.findByRole('table', { name: 'Engines' });
    const params = seen[0] as URLSearchParams;
    expect(Object.fromEntries(params)).toEqual({
      status: 'warning',
      name: 'ENG-0',
      model: 'cmapss-fd001',
      sort: 'last_cycle',
      order: 'desc',
      limit: '25',
    });
    expect(engineRows()).toHaveLength(25);
    expect(screen.getByRole('columnheader', { name: /Last cycle/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(screen.getByLabelText('Engines per page')).toHaveValue('25');
  });

  it('starts over at the first page when the sort, a filter or the page size changes', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const seen = answerPagedFleet(500);
    const { router } = renderApp('/fleet');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    const next = within(pages).getByRole('button', { name: 'Next' });
    await user.click(next);
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 500'));

    // A cursor made for the RUL sort would be refused with the id sort: none is sent.
    await user.click(screen.getByRole('button', { name: /^Engine/ }));
    await waitFor(() => expect(pages).toHaveTextContent('1–50 of 500'));
    expect(seen.at(-1)?.get('sort')).toBe('id');
    expect(seen.at(-1)?.get('order')).toBe('asc');
    expect(seen.at(-1)?.has('cursor')).toBe(false);
    expect(router.state.location.search).toBe('?sort=id&order=asc');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(next);
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 500'));
    expect(seen.at(-1)?.get('sort')).toBe('id');
    await user.selectOptions(screen.getByLabelText('Engines per page'), '100');
    await waitFor(() => expect(pages).toHaveTextContent('1–100 of 500'));
    expect(seen.at(-1)?.get('limit')).toBe('100');
    expect(seen.at(-1)?.has('cursor')).toBe(false);
    expect(engineRows()).toHaveLength(100);
    expect(router.state.location.search).toBe('?sort=id&order=asc&size=100');

    await user.click(next);
    await waitFor(() => expect(pages).toHaveTextContent('101–200 of 500'));
    await user.selectOptions(screen.getByLabelText('Status'), 'critical');
    await waitFor(() => expect(seen.at(-1)?.get('status')).toBe('critical'));
    expect(seen.at(-1)?.has('cursor')).toBe(false);
    await waitFor(() => expect(pages).toHaveTextContent('1–100 of 500'));
  });

  it('offers the first page when a kept cursor is refused', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    answerPagedFleet(120);
    const { router } = renderApp('/fleet');
    const pages = await screen.findByRole('navigation', { name: 'Engine pages' });
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(pages).toHaveTextContent('51–100 of 120'));
    // The same history entry, its cursor now paired with another sort (as after an API upgrade).
    const { state } = router.state.location;
    await act(() => router.navigate('/fleet?sort=id&order=desc', { replace: true, state }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('cursor was made for another sort or order');
    await user.click(screen.getByRole('button', { name: 'Back to the first page' }));
    const first = await screen.findByRole('navigation', { name: 'Engine pages' });
    await waitFor(() => expect(first).toHaveTextContent('1–50 of 120'));
  });
});
