// Real: the Fleet view, its queries, the generated API client and the event-stream hook. Faked: the API
// (msw at the network layer) and, in the live test, the browser's EventSource (jsdom has none).
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engine, engineList, engines, fleetSummary } from '../../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

class FakeEventSource {
  static last: FakeEventSource | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  removeEventListener(type: string) {
    this.listeners.delete(type);
  }
  close() {}
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('Fleet view', () => {
  it('shows status counts, the model in service and every engine with status in words and a trend', async () => {
    answerFleetApi();
    renderApp('/fleet');

    const tiles = await screen.findByRole('region', { name: 'Fleet summary' });
    expect(await within(tiles).findByText('1.0.0')).toBeInTheDocument();
    expect(within(tiles).getByText('12.4')).toBeInTheDocument();
    expect(within(tiles).getByText('RUL 20 or less')).toBeInTheDocument();

    const table = await screen.findByRole('table', { name: 'Engines' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(engines.map((e) => e.id));
    const first = rows[0] as HTMLElement;
    expect(within(first).getByText('Critical')).toBeInTheDocument();
    expect(within(first).getByText('falling 1.1 per cycle')).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'ENG-3' })).toHaveAttribute('href', '/engines/ENG-3');
    expect(within(rows[3] as HTMLElement).getByText('Unknown')).toBeInTheDocument();
    expect(within(rows[3] as HTMLElement).getByText('No trend yet')).toBeInTheDocument();
    expect(screen.getByText('Refreshing every 10 s')).toBeInTheDocument();
  });

  it('flags an engine whose latest history the model could not judge', async () => {
    answerFleetApi();
    const aloft = engine('ENG-9', 'healthy', 125, 0);
    const flagged = {
      ...aloft,
      prediction: aloft.prediction && {
        ...aloft.prediction,
        interval: { lower: 0, upper: 125 },
        warnings: ['SETTINGS_OUT_OF_RANGE'],
      },
    };
    server.use(http.get(`${API_ORIGIN}/engines`, () => HttpResponse.json(engineList([flagged, ...engines]))));
    renderApp('/fleet');
    const table = await screen.findByRole('table', { name: 'Engines' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0] as HTMLElement).getByText('Model cannot judge')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('0.0 – 125.0')).toBeInTheDocument();
    expect(within(table).getAllByText('Model cannot judge')).toHaveLength(1);
  });

  it('shows the model judging each engine: assigned, or the best fit of its latest prediction', async () => {
    answerFleetApi();
    const assigned = {
      ...engine('ENG-7', 'healthy', 80, 0),
      model: 'cmapss-fd002-tcn-ensemble',
    };
    const predicted = assigned.prediction && {
      ...assigned.prediction,
      modelName: 'cmapss-fd002-tcn-ensemble',
    };
    server.use(
      http.get(`${API_ORIGIN}/engines`, () =>
        HttpResponse.json(engineList([{ ...assigned, prediction: predicted }, ...engines])),
      ),
    );
    renderApp('/fleet');
    const table = await screen.findByRole('table', { name: 'Engines' });
    expect(within(table).getByRole('columnheader', { name: 'Model' })).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    const [eng7, eng3] = rows as [HTMLElement, HTMLElement];
    expect(within(eng7).getByText('FD002 model')).toHaveAttribute('title', 'cmapss-fd002-tcn-ensemble');
    expect(within(eng7).queryByText('best fit')).not.toBeInTheDocument();
    expect(within(eng3).getByText('FD001 model')).toHaveAttribute('title', 'cmapss-fd001');
    expect(within(eng3).getByText('best fit')).toBeInTheDocument();
    // ENG-4 has neither an assigned model nor a prediction.
    expect(within(rows[4] as HTMLElement).getByText('Best fit, none yet')).toBeInTheDocument();
  });

  it('filters by a served model through GET /engines?model= and keeps the filters in the URL', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API_ORIGIN}/engines`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        return HttpResponse.json(params.get('model') ? engineList([]) : engineList());
      }),
    );
    const { router } = renderApp('/fleet?status=critical');
    await screen.findByRole('table', { name: 'Engines' });
    expect(seen[0]?.get('status')).toBe('critical');
    expect(screen.getByLabelText('Status')).toHaveValue('critical');

    const select = screen.getByLabelText('Model');
    await within(select).findByRole('option', { name: 'cmapss-fd002-tcn-ensemble' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All models', 'cmapss-fd001 (default)', 'cmapss-fd002-tcn-ensemble']);
    await user.selectOptions(select, 'cmapss-fd002-tcn-ensemble');
    await waitFor(() => expect(seen.at(-1)?.get('model')).toBe('cmapss-fd002-tcn-ensemble'));
    expect(seen.at(-1)?.get('status')).toBe('critical');
    expect(new URLSearchParams(router.state.location.search).get('model')).toBe('cmapss-fd002-tcn-ensemble');
    expect(
      await screen.findByText('Clear the status, name, model or remaining-life filter to see every engine.'),
    ).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Model'), 'All models');
    await waitFor(() => expect(router.state.location.search).toBe('?status=critical'));
    expect(await screen.findByRole('table', { name: 'Engines' })).toBeInTheDocument();
  });

  it('reads the model filter from the URL on open', async () => {
    answerFleetApi();
    const seen: string[] = [];
    server.use(
      http.get(`${API_ORIGIN}/engines`, ({ request }) => {
        seen.push(new URL(request.url).searchParams.get('model') ?? '');
        return HttpResponse.json(engineList());
      }),
    );
    renderApp('/fleet?model=cmapss-fd001');
    await screen.findByRole('table', { name: 'Engines' });
    expect(seen[0]).toBe('cmapss-fd001');
    await waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('cmapss-fd001'));
  });

  it('sends the status and name filters and the RUL sort to the API', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${API_ORIGIN}/engines`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        return HttpResponse.json(
          params.get('status') === 'critical'
            ? engineList([engine('ENG-3', 'critical', 12.4)])
            : engineList(),
        );
      }),
    );
    renderApp('/fleet');
    await screen.findByRole('table', { name: 'Engines' });
    expect(seen[0]?.get('sort')).toBe('rul');
    expect(seen[0]?.get('order')).toBe('asc');

    await user.click(screen.getByRole('button', { name: /RUL \(cycles\)/ }));
    await waitFor(() => expect(seen.at(-1)?.get('order')).toBe('desc'));
    expect(screen.getByRole('columnheader', { name: /RUL/ })).toHaveAttribute('aria-sort', 'descending');

    await user.selectOptions(screen.getByLabelText('Status'), 'critical');
    await waitFor(() => expect(seen.at(-1)?.get('status')).toBe('critical'));
    await user.type(screen.getByLabelText('Engine name'), 'ENG-3');
    await waitFor(() => expect(seen.at(-1)?.get('name')).toBe('ENG-3'));
    const table = screen.getByRole('table', { name: 'Engines' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
  });

  it('says when no engine matches, and when the fleet is empty', async () => {
    answerFleetApi();
    server.use(http.get(`${API_ORIGIN}/engines`, () => HttpResponse.json(engineList([]))));
    renderApp('/fleet');
    expect(await screen.findByRole('heading', { name: 'No engines yet' })).toBeInTheDocument();
  });

  it('shows an error with a retry when the engines cannot be loaded', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/engines`, () =>
        HttpResponse.json(
          { statusCode: 503, code: 'DB_UNAVAILABLE', message: 'database unavailable' },
          { status: 503 },
        ),
      ),
    );
    renderApp('/fleet');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The engines could not be loaded');
    expect(alert).toHaveTextContent('database unavailable (DB_UNAVAILABLE)');
  });

  it('counts the models in service when several are served', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/fleet/summary`, () =>
        HttpResponse.json({
          ...fleetSummary,
          models: [
            { name: 'cmapss-fd001', version: '1.0.0' },
            { name: 'cmapss-fd002-tcn-ensemble', version: '2.0.0' },
          ],
        }),
      ),
    );
    renderApp('/fleet');
    const tiles = await screen.findByRole('region', { name: 'Fleet summary' });
    expect(await within(tiles).findByText('Models in service')).toBeInTheDocument();
    expect(within(tiles).getByText('2')).toBeInTheDocument();
    expect(within(tiles).getByText('default cmapss-fd001 1.0.0')).toBeInTheDocument();
  });

  it('follows /events live and refetches when a prediction arrives', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    answerFleetApi();
    let calls = 0;
    server.use(
      http.get(`${API_ORIGIN}/fleet/summary`, () => {
        calls += 1;
        return HttpResponse.json(calls > 1 ? { ...fleetSummary, minRul: 5.5 } : fleetSummary);
      }),
    );
    renderApp('/fleet');
    const source = FakeEventSource.last as FakeEventSource;
    expect(source.url).toBe(`${API_ORIGIN}/events`);
    act(() => source.onopen?.());
    expect(await screen.findByText('Live updates')).toBeInTheDocument();
    const tiles = await screen.findByRole('region', { name: 'Fleet summary' });
    expect(await within(tiles).findByText('12.4')).toBeInTheDocument();
    act(() => source.emit('prediction', { type: 'prediction', data: { engine: 'ENG-3', rul: 5.5 } }));
    expect(await within(tiles).findByText('5.5', {}, { timeout: 3000 })).toBeInTheDocument();

    act(() => source.onerror?.());
    expect(screen.getByText('Refreshing every 10 s')).toBeInTheDocument();
  });
});
