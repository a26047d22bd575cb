// Real: the Training view, its queries and mutation, the generated API client and uPlot (canvas stubbed).
// Faked: the API, answered by msw at the network layer.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { trainingJob } from '../../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

describe('Training view', () => {
  it('shows the latest job’s epochs, validation loss chart and log, and the jobs list', async () => {
    answerFleetApi();
    renderApp('/training');
    const job = await screen.findByRole('region', { name: 'Training job job-1' });
    expect(within(job).getByText('running')).toBeInTheDocument();
    expect(within(job).getByText('2 of 4')).toBeInTheDocument();
    expect(within(job).getByLabelText('Epochs done')).toHaveAttribute('value', '2');
    expect(within(job).getByText('validation loss 0.25')).toBeInTheDocument();
    const chart = within(job).getByRole('img', { name: 'Validation loss per epoch of training job job-1' });
    expect(chart.querySelector('.u-legend')?.textContent).toContain('Training loss');
    expect(within(job).getByText(/epoch 2 val 0.25/)).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Training jobs' })).toBeInTheDocument();
  });

  it('lists each job with the data set and model name it trains for', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/training-jobs`, () =>
        HttpResponse.json({
          items: [
            trainingJob({ subset: 'FD002', model: 'cmapss-fd002-tcn-ensemble' }),
            trainingJob({ id: 'job-0', status: 'succeeded', subset: null, model: null, modelVersion: 'v-7' }),
          ],
        }),
      ),
    );
    renderApp('/training');
    const table = await screen.findByRole('table', { name: 'Training jobs' });
    for (const name of ['Data set', 'Model name', 'Version'])
      expect(within(table).getByRole('columnheader', { name })).toBeInTheDocument();
    const named = within(table).getByRole('row', { name: /job-1/ });
    expect(within(named).getByRole('cell', { name: 'FD002' })).toBeInTheDocument();
    expect(within(named).getByRole('cell', { name: 'cmapss-fd002-tcn-ensemble' })).toBeInTheDocument();
    const older = within(table).getByRole('row', { name: /job-0/ });
    expect(
      within(older)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['succeeded', expect.any(String), '2 / 4', '–', '–', 'v-7']);
  });

  it('polls the running job until it finishes, then links to the model it produced', async () => {
    answerFleetApi();
    let calls = 0;
    server.use(
      http.get(`${API_ORIGIN}/training-jobs/:id`, () => {
        calls += 1;
        return HttpResponse.json(
          calls === 1
            ? trainingJob()
            : trainingJob({
                status: 'succeeded',
                modelVersion: '2026.11.23-abc',
                metrics: { validation: { rmse: { mean: 12.9, sd: 0.2 }, intervalCoverage: 0.91 } },
              }),
        );
      }),
    );
    renderApp('/training');
    const link = await screen.findByRole('link', { name: 'Open model 2026.11.23-abc' }, { timeout: 6000 });
    expect(link).toHaveAttribute('href', '/models?version=2026.11.23-abc');
    expect(screen.getByText('12.9')).toBeInTheDocument();
    expect(screen.getByText('91.0%')).toBeInTheDocument();
  }, 10_000);

  it('starts a job on uploaded data with the epochs and seeds chosen', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    let body: unknown;
    server.use(
      http.post(`${API_ORIGIN}/training-jobs`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(trainingJob({ id: 'job-2', status: 'queued', progress: null }), {
          status: 201,
        });
      }),
    );
    renderApp('/training');
    await user.click(screen.getByRole('radio', { name: 'An uploaded C-MAPSS training file' }));
    const start = screen.getByRole('button', { name: 'Start training' });
    expect(start).toBeDisabled();
    await user.upload(
      screen.getByLabelText('Training file (C-MAPSS text or CSV)'),
      new File(['1 1 0 0 100 1 2 3\n'], 'train.txt', { type: 'text/plain' }),
    );
    await user.clear(screen.getByLabelText('Epochs'));
    await user.type(screen.getByLabelText('Epochs'), '5');
    await user.clear(screen.getByLabelText('Seeds'));
    await user.type(screen.getByLabelText('Seeds'), '2');
    await user.click(start);
    await waitFor(() =>
      expect(body).toEqual({
        data: 'upload',
        text: '1 1 0 0 100 1 2 3\n',
        params: { epochs: 5, seeds: [0, 1] },
      }),
    );
  });

  it('names the data set and the model a job trains for, and checks them before sending', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    let body: unknown;
    server.use(
      http.post(`${API_ORIGIN}/training-jobs`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(trainingJob({ id: 'job-3', status: 'queued', progress: null }), {
          status: 202,
        });
      }),
    );
    renderApp('/training');
    const subset = screen.getByLabelText('Data set');
    const model = screen.getByLabelText('Model name');
    expect(subset).toHaveAttribute('placeholder', 'e.g. FD002 (default: fleet)');
    expect(model).toHaveAttribute('placeholder', 'default: the served model’s name');
    const start = screen.getByRole('button', { name: 'Start training' });

    await user.type(subset, 'FD 002');
    expect(subset).toHaveAttribute('aria-invalid', 'true');
    expect(start).toBeDisabled();
    await user.clear(subset);
    await user.type(subset, 'FD002');
    await user.type(model, '-bad');
    expect(model).toHaveAttribute('aria-invalid', 'true');
    expect(start).toBeDisabled();
    await user.clear(model);
    await user.type(model, 'cmapss-fd002-tcn-ensemble');
    expect(start).toBeEnabled();
    await user.click(start);
    await waitFor(() =>
      expect(body).toEqual({
        data: 'fleet',
        subset: 'FD002',
        model: 'cmapss-fd002-tcn-ensemble',
        params: { epochs: 30, seeds: [0, 1, 2] },
      }),
    );
  });

  it('hints the trainer’s model name for an upload from the data set typed', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    renderApp('/training');
    await user.click(screen.getByRole('radio', { name: 'An uploaded C-MAPSS training file' }));
    const model = screen.getByLabelText('Model name');
    expect(model).toHaveAttribute('placeholder', 'default: cmapss-upload-tcn-ensemble');
    await user.type(screen.getByLabelText('Data set'), 'FD004');
    expect(model).toHaveAttribute('placeholder', 'default: cmapss-fd004-tcn-ensemble');
  });

  it('shows the API’s reason when a job cannot start', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    server.use(
      http.post(`${API_ORIGIN}/training-jobs`, () =>
        HttpResponse.json(
          { statusCode: 422, code: 'NO_TRAINING_DATA', message: 'no engine has a recorded failure' },
          { status: 422 },
        ),
      ),
    );
    renderApp('/training');
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    expect(
      await screen.findByText(/no engine has a recorded failure \(NO_TRAINING_DATA\)/),
    ).toBeInTheDocument();
  });

  it('says when there is no job yet', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/training-jobs`, () =>
        HttpResponse.json({ items: [], total: 0, limit: 20, offset: 0 }),
      ),
    );
    renderApp('/training');
    expect(await screen.findByText('No training job yet. Start one above.')).toBeInTheDocument();
  });
});
