// Real: the System view, its queries and the generated API client. Faked: the API, answered by msw at the network layer.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { activeModel, notReadyBody, readyBody } from '../../../../test/fixtures/api-bodies';
import { drift, servedModels } from '../../../../test/fixtures/fleet-bodies';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp, testEnv } from '../../../../test/render';

const FD002 = 'cmapss-fd002-tcn-ensemble';

function answer({ ready = true, model = true } = {}) {
  server.use(
    http.get(`${API_ORIGIN}/models/served`, () => HttpResponse.json(servedModels)),
    http.get(`${API_ORIGIN}/models/active/drift`, () => HttpResponse.json(drift)),
    http.get(`${API_ORIGIN}/health/ready`, () =>
      ready ? HttpResponse.json(readyBody) : HttpResponse.json(notReadyBody, { status: 503 }),
    ),
    http.get(`${API_ORIGIN}/models/active`, ({ request }) =>
      model
        ? HttpResponse.json(
            new URL(request.url).searchParams.get('model') === FD002
              ? { ...activeModel, name: FD002, version: '2.0.0', data: { subset: 'FD002' } }
              : activeModel,
          )
        : HttpResponse.json(
            { statusCode: 503, code: 'MODEL_NOT_LOADED', message: 'no model card loaded (loading)' },
            { status: 503 },
          ),
    ),
  );
}

describe('System view', () => {
  it('shows readiness checks, the model in service with its validation metrics, and links', async () => {
    answer();
    renderApp('/system');

    const readiness = screen.getByRole('region', { name: 'API readiness' });
    expect(await within(readiness).findByText('Ready')).toBeInTheDocument();
    const checks = within(readiness).getByRole('list', { name: 'Readiness checks' });
    expect(within(checks).getAllByText('Pass')).toHaveLength(2);
    expect(within(checks).getByText('cmapss-fd001 1.0.0 loaded')).toBeInTheDocument();

    const model = screen.getByRole('region', { name: 'Models in service' });
    const details = await within(model).findByLabelText('Model details');
    expect(within(details).getByText('1.0.0')).toBeInTheDocument();
    expect(within(model).getByText('90%')).toBeInTheDocument();
    expect(within(model).getByText('NASA C-MAPSS FD001')).toBeInTheDocument();
    const metrics = within(model).getByRole('table', { name: 'Validation metrics' });
    expect(
      within(metrics)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['RMSE (cycles)', 'PHM08 score per 100 engines', 'Interval coverage']);
    expect(within(metrics).getByText('14.2 ± 0.4')).toBeInTheDocument();
    expect(within(metrics).getByText('91.0%')).toBeInTheDocument();
    expect(within(model).getByText('held-out engines, cut at random points')).toBeInTheDocument();

    const links = screen.getByRole('region', { name: 'Versions and links' });
    expect(within(links).getByRole('link', { name: 'API documentation' })).toHaveAttribute(
      'href',
      `${API_ORIGIN}/docs`,
    );
    expect(within(links).getByRole('link', { name: 'Grafana dashboards' })).toHaveAttribute(
      'href',
      testEnv.grafanaUrl,
    );
    expect(await within(links).findByText('cmapss-fd001 1.0.0')).toBeInTheDocument();
  });

  it('lists every served model with its version and state, the default marked, and shows any one’s card', async () => {
    const user = userEvent.setup();
    answer();
    renderApp('/system');
    const panel = screen.getByRole('region', { name: 'Models in service' });
    const table = await within(panel).findByRole('table', { name: 'Served models' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'cmapss-fd001 default',
      FD002,
    ]);
    expect(rows[0]).toHaveTextContent('1.0.0');
    expect(rows[0]).toHaveTextContent('FD001, 1 condition');
    expect(rows[1]).toHaveTextContent('2.0.0');
    expect(rows[1]).toHaveTextContent('FD002, 6 conditions');
    expect(within(rows[1] as HTMLElement).getByText('ready')).toBeInTheDocument();
    expect(within(panel).getByRole('heading', { name: 'Card of cmapss-fd001' })).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: /Show the card/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await user.click(
      within(rows[1] as HTMLElement).getByRole('button', { name: `Show the card of ${FD002}` }),
    );
    expect(await within(panel).findByRole('heading', { name: `Card of ${FD002}` })).toBeInTheDocument();
    const details = within(panel).getByLabelText('Model details');
    expect(within(details).getByText('2.0.0')).toBeInTheDocument();
    expect(within(details).getByText('FD002')).toBeInTheDocument();
  });

  it('shows drift per channel with the flagged channels named in words', async () => {
    answer();
    renderApp('/system');
    const panel = screen.getByRole('region', { name: 'Input drift per channel' });
    expect(await within(panel).findByText('1 channel drifting')).toBeInTheDocument();
    expect(within(panel).getByText('T50', { selector: 'strong' })).toBeInTheDocument();
    const rows = within(within(panel).getByRole('table', { name: 'Drift per input channel' })).getAllByRole(
      'row',
    );
    expect(within(rows[1] as HTMLElement).getByRole('rowheader')).toHaveTextContent('T50');
    expect(within(rows[1] as HTMLElement).getByText('Drifting')).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Within range')).toBeInTheDocument();
  });

  it('lists failing checks when the API answers 503 not ready, and the model error', async () => {
    answer({ ready: false, model: false });
    renderApp('/system');
    const readiness = screen.getByRole('region', { name: 'API readiness' });
    expect(await within(readiness).findByText('Not ready')).toBeInTheDocument();
    expect(within(readiness).getByRole('list', { name: 'Failing checks' })).toHaveTextContent(
      'model: loading',
    );

    const model = screen.getByRole('region', { name: 'Models in service' });
    expect(await within(model).findByRole('alert')).toHaveTextContent(
      'no model card loaded (loading) (MODEL_NOT_LOADED)',
    );
  });

  it('shows an error with a retry when the API cannot be reached, and recovers', async () => {
    const user = userEvent.setup();
    server.use(
      http.get(`${API_ORIGIN}/health/ready`, () => HttpResponse.error(), { once: true }),
      http.get(`${API_ORIGIN}/models/served`, () => HttpResponse.json(servedModels)),
      http.get(`${API_ORIGIN}/models/active`, () => HttpResponse.json(activeModel)),
      http.get(`${API_ORIGIN}/models/active/drift`, () => HttpResponse.json(drift)),
    );
    renderApp('/system');
    const readiness = screen.getByRole('region', { name: 'API readiness' });
    const alert = await within(readiness).findByRole('alert');
    expect(alert).toHaveTextContent('The API cannot be reached');

    server.use(http.get(`${API_ORIGIN}/health/ready`, () => HttpResponse.json(readyBody)));
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(readiness).findByText('Ready')).toBeInTheDocument();
  });

  it('explains how to configure Grafana when no URL is set', async () => {
    answer();
    renderApp('/system', { ...testEnv, grafanaUrl: null });
    expect(screen.getByText(/grafana: not configured/i)).toHaveTextContent('VITE_GRAFANA_URL');
  });
});
