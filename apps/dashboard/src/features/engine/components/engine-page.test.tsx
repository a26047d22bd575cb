// Real: the Engine view, its queries and mutation, the generated API client and uPlot (canvas stubbed).
// Faked: the API, answered by msw at the network layer.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { activeModel } from '../../../../test/fixtures/api-bodies';
import { engineDetail, telemetry } from '../../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

const CHANNELS = [
  'setting1',
  'setting2',
  'setting3',
  'T2',
  'T24',
  'T30',
  'T50',
  'P2',
  'P15',
  'P30',
  'Nf',
  'Nc',
].concat(['epr', 'Ps30', 'phi', 'NRf', 'NRc', 'BPR', 'farB', 'htBleed', 'Nf_dmd', 'PCNfR_dmd', 'W31', 'W32']);

describe('Engine view', () => {
  it('shows the latest prediction, RUL and sensor charts, and the prediction history', async () => {
    answerFleetApi();
    renderApp('/engines/ENG-1');

    const latest = await screen.findByRole('region', { name: 'Latest prediction' });
    expect(within(latest).getByText('41.0 cycles')).toBeInTheDocument();
    expect(within(latest).getByText('26.0 – 61.0 cycles')).toBeInTheDocument();
    expect(within(latest).getByText('Warning')).toBeInTheDocument();
    expect(within(latest).getByText('1.0.0')).toBeInTheDocument();

    const chart = screen.getByRole('img', { name: /predicted remaining useful life of engine ENG-1/i });
    await waitFor(() => expect(chart.querySelector('.u-legend')?.textContent).toContain('Critical (20)'));
    expect(chart.querySelector('.u-legend')?.textContent).toContain('Warning (50)');
    expect(chart.querySelector('.u-legend')?.textContent).toContain('90% interval (upper)');

    const history = screen.getByRole('table', { name: 'Prediction history' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['150', '149']);
    expect(within(rows[1] as HTMLElement).getByText('0.9.0')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('FD001 model')).toHaveAttribute('title', 'cmapss-fd001');
  });

  it('says which model judges the engine and assigns another through PUT /engines/{id}/model', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const bodies: unknown[] = [];
    let detail = engineDetail;
    server.use(
      http.get(`${API_ORIGIN}/engines/:id`, () => HttpResponse.json(detail)),
      http.put(`${API_ORIGIN}/engines/:id/model`, async ({ request, params }) => {
        const body = (await request.json()) as { model: string | null };
        bodies.push({ id: params.id, body });
        const engine = {
          ...engineDetail.engine,
          model: body.model,
          prediction: engineDetail.engine.prediction && {
            ...engineDetail.engine.prediction,
            rul: 38,
            modelName: 'cmapss-fd002-tcn-ensemble',
            modelVersion: '2.0.0',
          },
        };
        detail = { ...engineDetail, engine };
        return HttpResponse.json({
          engine,
          prediction: {
            unit: 'ENG-1',
            rul: 38,
            interval: { lower: 20, upper: 60, level: 0.9 },
            lastCycle: 150,
            model: { name: 'cmapss-fd002-tcn-ensemble', version: '2.0.0' },
            warnings: [],
          },
        });
      }),
    );
    renderApp('/engines/ENG-1');
    const panel = await screen.findByRole('region', { name: 'Model' });
    expect(within(panel).getByText('Best fit')).toBeInTheDocument();
    expect(within(panel).getByText(/cmapss-fd001 made the latest prediction/)).toBeInTheDocument();

    const select = within(panel).getByLabelText('Judge this engine by');
    expect(select).toHaveValue('');
    await within(select).findByRole('option', { name: 'cmapss-fd002-tcn-ensemble' });
    expect(within(panel).getByRole('button', { name: 'Change model' })).toBeDisabled();
    await user.selectOptions(select, 'cmapss-fd002-tcn-ensemble');
    await user.click(within(panel).getByRole('button', { name: 'Change model' }));

    expect(await within(panel).findByRole('status')).toHaveTextContent(
      'Engine ENG-1 is now judged by cmapss-fd002-tcn-ensemble; re-predicted by cmapss-fd002-tcn-ensemble 2.0.0: RUL 38.0 at cycle 150.',
    );
    expect(bodies).toEqual([{ id: 'ENG-1', body: { model: 'cmapss-fd002-tcn-ensemble' } }]);
    // The engine was refetched: the panel and the latest prediction name the new model.
    expect(await within(panel).findByText('(assigned)')).toBeInTheDocument();
    expect(within(panel).getByText('cmapss-fd002-tcn-ensemble', { selector: 'strong' })).toBeInTheDocument();
    const latest = screen.getByRole('region', { name: 'Latest prediction' });
    expect(within(latest).getByText('38.0 cycles')).toBeInTheDocument();
    expect(within(latest).getByText('2.0.0')).toBeInTheDocument();

    // Back to the best fit sends null.
    await user.selectOptions(within(panel).getByLabelText('Judge this engine by'), 'Best fit (automatic)');
    await user.click(within(panel).getByRole('button', { name: 'Change model' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ id: 'ENG-1', body: { model: null } });
  });

  it('shows the API’s reason when the model cannot be changed', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    server.use(
      http.put(`${API_ORIGIN}/engines/:id/model`, () =>
        HttpResponse.json(
          { statusCode: 403, code: 'FORBIDDEN', message: "this route needs the 'admin' scope" },
          { status: 403 },
        ),
      ),
    );
    renderApp('/engines/ENG-1');
    const panel = await screen.findByRole('region', { name: 'Model' });
    const select = within(panel).getByLabelText('Judge this engine by');
    await within(select).findByRole('option', { name: 'cmapss-fd002-tcn-ensemble' });
    await user.selectOptions(select, 'cmapss-fd002-tcn-ensemble');
    await user.click(within(panel).getByRole('button', { name: 'Change model' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      "The model was not changed. this route needs the 'admin' scope (FORBIDDEN)",
    );
  });

  it('notes when the latest prediction came from another model than the one judging the engine', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/engines/:id`, () =>
        HttpResponse.json({
          ...engineDetail,
          engine: { ...engineDetail.engine, status: 'failed', model: 'cmapss-fd002-tcn-ensemble' },
        }),
      ),
    );
    renderApp('/engines/ENG-1');
    const warnings = await screen.findByRole('list', { name: 'Prediction warnings' });
    expect(warnings).toHaveTextContent(
      'Made by cmapss-fd001; the engine is now judged by cmapss-fd002-tcn-ensemble.',
    );
    const panel = screen.getByRole('region', { name: 'Model' });
    expect(within(panel).getByText('(assigned)')).toBeInTheDocument();
  });

  it('says when the model could not judge the latest history', async () => {
    answerFleetApi();
    const latest = engineDetail.engine.prediction;
    server.use(
      http.get(`${API_ORIGIN}/engines/:id`, () =>
        HttpResponse.json({
          ...engineDetail,
          engine: {
            ...engineDetail.engine,
            prediction: latest && { ...latest, warnings: ['READINGS_OUT_OF_RANGE', 'SHORT_HISTORY'] },
          },
        }),
      ),
    );
    renderApp('/engines/ENG-1');
    const warnings = await screen.findByRole('list', { name: 'Prediction warnings' });
    expect(
      within(warnings)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Readings out of range: the model could not judge this history, so its interval is the whole range.',
      'Short history.',
    ]);
  });

  it('plots the sensors ticked in labelled checkboxes', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/models/active`, () =>
        HttpResponse.json({ ...activeModel, channels: CHANNELS }),
      ),
    );
    renderApp('/engines/ENG-1');
    const t24 = await screen.findByRole('checkbox', { name: 'T24 (s2)' });
    expect(t24).toBeChecked();
    const chart = screen.getByRole('img', { name: /sensor readings of engine ENG-1/i });
    expect(chart).toHaveAccessibleName(/T24 \(s2\), T50 \(s4\), Ps30 \(s11\)/);
    await user.click(screen.getByRole('checkbox', { name: 'T30 (s3)' }));
    expect(screen.getByRole('img', { name: /sensor readings/i })).toHaveAccessibleName(/T30 \(s3\)/);
    for (const name of ['T24 (s2)', 'T50 (s4)', 'Ps30 (s11)', 'T30 (s3)'])
      await user.click(screen.getByRole('checkbox', { name }));
    expect(screen.getByRole('heading', { name: 'No sensor selected' })).toBeInTheDocument();
  });

  it('asks the API for the chosen cycle range', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const ranges: string[] = [];
    server.use(
      http.get(`${API_ORIGIN}/engines/:id/telemetry`, ({ request }) => {
        ranges.push(new URL(request.url).search);
        return HttpResponse.json(telemetry);
      }),
    );
    renderApp('/engines/ENG-1');
    await user.type(await screen.findByLabelText('From cycle'), '2');
    await user.type(screen.getByLabelText('To cycle'), '1');
    expect(screen.getByRole('button', { name: 'Show cycles' })).toBeDisabled();
    await user.clear(screen.getByLabelText('To cycle'));
    await user.type(screen.getByLabelText('To cycle'), '3');
    await user.click(screen.getByRole('button', { name: 'Show cycles' }));
    await waitFor(() => expect(ranges.at(-1)).toBe('?from=2&to=3'));
    expect(ranges[0]).toBe('');
  });

  it('records a failure only after confirmation, sending the cycle', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API_ORIGIN}/engines/:id/failure`, async ({ request, params }) => {
        bodies.push({ id: params.id, body: await request.json() });
        return HttpResponse.json({ ...engineDetail.engine, status: 'failed', failedAtCycle: 148 });
      }),
    );
    renderApp('/engines/ENG-1');
    const input = await screen.findByLabelText('Failure cycle');
    expect(input).toHaveValue(150);
    await user.clear(input);
    await user.type(input, '148');
    await user.click(screen.getByRole('button', { name: 'Record failure…' }));

    const dialog = screen.getByRole('alertdialog', { name: 'Record a failure of engine ENG-1?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(bodies).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Record failure' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bodies).toEqual([{ id: 'ENG-1', body: { cycle: 148 } }]);
  });

  it('keeps the dialog open with the API’s reason when recording fails', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    server.use(
      http.post(`${API_ORIGIN}/engines/:id/failure`, () =>
        HttpResponse.json(
          {
            statusCode: 422,
            code: 'CYCLE_BEFORE_HISTORY',
            message: 'cycle 3 is before the last stored cycle 150',
          },
          { status: 422 },
        ),
      ),
    );
    renderApp('/engines/ENG-1');
    await user.click(await screen.findByRole('button', { name: 'Record failure…' }));
    const dialog = screen.getByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Record failure' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'cycle 3 is before the last stored cycle 150 (CYCLE_BEFORE_HISTORY)',
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('removes the engine after confirmation and returns to the fleet', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const deleted: string[] = [];
    server.use(
      http.delete(`${API_ORIGIN}/engines/:id`, ({ params }) => {
        deleted.push(String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { router } = renderApp('/engines/ENG-1');
    await user.click(await screen.findByRole('button', { name: 'Remove engine…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove engine ENG-1?' });
    // Focus stays inside the modal dialog.
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Remove engine' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(deleted).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Remove engine' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/fleet'));
    expect(deleted).toEqual(['ENG-1']);
  });

  it('says when the engine does not exist', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/engines/:id`, () =>
        HttpResponse.json(
          { statusCode: 404, code: 'NOT_FOUND', message: "engine 'ENG-9' not found" },
          { status: 404 },
        ),
      ),
    );
    renderApp('/engines/ENG-9');
    expect(await screen.findByRole('alert')).toHaveTextContent("engine 'ENG-9' not found");
  });

  it('asks which engine to open when none is in the URL', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const { router } = renderApp('/engines');
    await user.type(screen.getByLabelText('Engine id'), 'ENG-1');
    await user.click(screen.getByRole('button', { name: 'Open engine' }));
    expect(router.state.location.pathname).toBe('/engines/ENG-1');
  });
});
