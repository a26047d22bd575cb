// Real: the Models view, its queries and mutations, and the generated API client. Faked: the API, answered
// by msw at the network layer.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

describe('Models view', () => {
  it('lists every version with its metrics, training data and which one is active', async () => {
    answerFleetApi();
    renderApp('/models');
    const table = await screen.findByRole('table', { name: 'Model registry' });
    const rows = within(table).getAllByRole('row').slice(1);
    const staged = rows[0] as HTMLElement;
    const active = rows[1] as HTMLElement;
    expect(within(staged).getByRole('rowheader')).toHaveTextContent('1.1.0');
    expect(within(staged).getByText('Staged')).toBeInTheDocument();
    expect(within(staged).getByText('12.5')).toBeInTheDocument();
    expect(within(staged).getByText('91.0%')).toBeInTheDocument();
    expect(await within(staged).findByText('FD001, train_FD001.txt')).toBeInTheDocument();
    expect(within(active).getByText('Active')).toBeInTheDocument();
    expect(within(active).queryByRole('button')).not.toBeInTheDocument();
  });

  it('compares a staged model with the active one, with deltas in words', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    renderApp('/models');
    await screen.findByRole('table', { name: 'Model registry' });
    await user.click(screen.getByRole('button', { name: 'Compare 1.1.0 with the active model' }));
    const panel = screen.getByRole('region', { name: 'Compare 1.1.0 with the active 1.0.0' });
    const rows = within(within(panel).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('RMSE (cycles)');
    expect(rows[0]).toHaveTextContent('-0.7 (better)');
    expect(rows[2]).toHaveTextContent('-2.0 pp (worse)');
    expect(rows[3]).toHaveTextContent('±0 (same)');
  });

  it('activates a version only after confirmation and reports the swap', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const activated: string[] = [];
    server.use(
      http.post(`${API_ORIGIN}/models/:version/activate`, ({ params }) => {
        activated.push(String(params.version));
        return HttpResponse.json({ version: String(params.version), previousVersion: '1.0.0' });
      }),
    );
    renderApp('/models?version=1.1.0');
    const panel = await screen.findByRole('region', { name: /Compare 1.1.0/ });
    await user.click(within(panel).getByRole('button', { name: 'Activate 1.1.0…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Activate model 1.1.0?' });
    expect(activated).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Activate' }));
    expect(await screen.findByText('Version 1.1.0 is now in service (was 1.0.0).')).toBeInTheDocument();
    expect(activated).toEqual(['1.1.0']);
  });

  it('rolls back after confirmation, and shows the API’s refusal inside the dialog', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    server.use(
      http.post(`${API_ORIGIN}/models/rollback`, () =>
        HttpResponse.json(
          { statusCode: 409, code: 'NO_PREVIOUS_MODEL', message: 'no earlier activation to roll back to' },
          { status: 409 },
        ),
      ),
    );
    renderApp('/models');
    await user.click(screen.getByRole('button', { name: 'Roll back…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Roll back to the previous model?' });
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'no earlier activation to roll back to (NO_PREVIOUS_MODEL)',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('uploads the ONNX file and the card as one JSON body and opens the comparison', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    let body: { card?: { version?: string }; onnx?: string } = {};
    server.use(
      http.post(`${API_ORIGIN}/models`, async ({ request }) => {
        body = (await request.json()) as typeof body;
        return HttpResponse.json(
          {
            version: '1.1.0',
            name: 'cmapss-fd001',
            status: 'staged',
            sha256: 'c'.repeat(64),
            serving: false,
            metrics: {},
            createdAt: '2026-11-23T11:00:00.000Z',
            activatedAt: null,
          },
          { status: 201 },
        );
      }),
    );
    renderApp('/models');
    await user.upload(
      screen.getByLabelText('ONNX model file'),
      new File([new Uint8Array([1, 2, 3])], 'model.onnx'),
    );
    await user.upload(
      screen.getByLabelText('Model card (JSON)'),
      new File([JSON.stringify({ version: '1.1.0' })], 'model-card.json', { type: 'application/json' }),
    );
    await user.click(screen.getByRole('button', { name: 'Upload model' }));
    expect(await screen.findByText(/Version 1.1.0 was registered/)).toBeInTheDocument();
    expect(body).toEqual({ card: { version: '1.1.0' }, onnx: 'AQID' });
    await waitFor(() => expect(screen.getByRole('region', { name: /Compare 1.1.0/ })).toBeInTheDocument());
  });

  it('says why a card that is not JSON is refused, without calling the API', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    renderApp('/models');
    await user.upload(screen.getByLabelText('ONNX model file'), new File(['x'], 'model.onnx'));
    await user.upload(screen.getByLabelText('Model card (JSON)'), new File(['not json'], 'card.json'));
    await user.click(screen.getByRole('button', { name: 'Upload model' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The model card is not a JSON object.');
  });
});
