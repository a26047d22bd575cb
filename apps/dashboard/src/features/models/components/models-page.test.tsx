// Real: the Models view, its queries and mutations, and the generated API client. Faked: the API, answered
// by msw at the network layer.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

const FD002 = 'cmapss-fd002-tcn-ensemble';

describe('Models view', () => {
  it('groups the versions by model name, each with its active version, metrics and training data', async () => {
    answerFleetApi();
    renderApp('/models');
    const fd001 = await screen.findByRole('region', { name: 'cmapss-fd001' });
    const fd002 = screen.getByRole('region', { name: FD002 });
    // In the API's preference order: the default model first.
    expect(fd001.compareDocumentPosition(fd002) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(fd001).getByText('Active version', { exact: false })).toHaveTextContent(
      'Active version 1.0.0 · 3 versions · Served, default',
    );
    expect(await within(fd002).findByText('Served')).toBeInTheDocument();
    expect(within(fd002).getByText('2.0.0', { selector: 'strong' })).toBeInTheDocument();

    const table = within(fd001).getByRole('table', { name: 'Versions of cmapss-fd001' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      '1.1.0',
      '1.0.0',
      '0.9.0',
    ]);
    const [staged, active, retired] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Version',
      'Created',
      'Training data',
      'Capped RMSE (cycles)',
      'RMSE (cycles)',
      'PHM08 score per 100 engines',
      'Interval coverage',
      'Mean interval width (cycles)',
      'In service',
      'Actions',
    ]);
    expect(within(staged).getByText('Staged')).toBeInTheDocument();
    expect(within(staged).getByText('10.5')).toBeInTheDocument();
    expect(within(staged).getByText('91.0%')).toBeInTheDocument();
    expect(await within(staged).findByText('FD001, train_FD001.txt')).toBeInTheDocument();
    expect(within(active).getByText('Active')).toBeInTheDocument();
    expect(within(active).queryByRole('button', { name: /Activate/ })).not.toBeInTheDocument();
    expect(within(retired).getByText('Retired')).toBeInTheDocument();
    expect(await within(fd002).findAllByText('FD002, train_FD002.txt')).toHaveLength(2);
  });

  it('compares two versions of one name side by side, with the spread and deltas in words', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const { router } = renderApp('/models');
    const fd001 = await screen.findByRole('region', { name: 'cmapss-fd001' });
    await user.click(within(fd001).getByRole('button', { name: 'Compare 1.1.0' }));
    const panel = within(fd001).getByRole('region', { name: 'Compare 1.1.0 with the active 1.0.0' });
    const table = within(panel).getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Metric', 'Active 1.0.0', '1.1.0', 'Change']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').firstChild?.textContent)).toEqual([
      'Capped RMSE (cycles)',
      'RMSE (cycles)',
      'Capped PHM08 score per 100 engines',
      'PHM08 score per 100 engines',
      'Interval coverage',
      'Mean interval width (cycles)',
    ]);
    expect(rows[0]).toHaveTextContent('11.2 ± 0.810.5 ± 0.8-0.7 (better)');
    expect(rows[1]).toHaveTextContent('-0.7 (better)');
    expect(rows[4]).toHaveTextContent('-2.0 pp (worse)');
    expect(rows[5]).toHaveTextContent('±0 (same)');

    // Any two versions of the same name: here the retired one.
    const withSelect = within(panel).getByLabelText('Compared with');
    expect(
      within(withSelect)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['1.1.0', '1.0.0 (active)', '0.9.0']);
    await user.selectOptions(withSelect, '0.9.0');
    const again = within(fd001).getByRole('region', { name: 'Compare 1.1.0 with 0.9.0' });
    expect(within(again).getAllByRole('row')[2]).toHaveTextContent('-1.5 (better)');
    expect(router.state.location.search).toBe('?version=1.1.0&with=0.9.0');
    // The other name's section shows no comparison.
    expect(within(screen.getByRole('region', { name: FD002 })).queryByRole('region')).not.toBeInTheDocument();

    await user.click(within(again).getByRole('button', { name: 'Close comparison' }));
    expect(within(fd001).queryByRole('region')).not.toBeInTheDocument();
  });

  it('activates a version only after confirmation and reports the swap of its name', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const activated: string[] = [];
    server.use(
      http.post(`${API_ORIGIN}/models/:version/activate`, ({ params }) => {
        activated.push(String(params.version));
        return HttpResponse.json({
          name: 'cmapss-fd001',
          version: String(params.version),
          previousVersion: '1.0.0',
        });
      }),
    );
    renderApp('/models?version=1.1.0');
    const panel = await screen.findByRole('region', { name: /Compare 1.1.0/ });
    await user.click(within(panel).getByRole('button', { name: 'Activate 1.1.0…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Activate version 1.1.0 of cmapss-fd001?' });
    expect(dialog).toHaveTextContent('Other models are left alone.');
    expect(activated).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Activate' }));
    expect(
      await screen.findByText('Version 1.1.0 of cmapss-fd001 is now in service (was 1.0.0).'),
    ).toBeInTheDocument();
    expect(activated).toEqual(['1.1.0']);
  });

  it('rolls back one model name after confirmation', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    const names: (string | null)[] = [];
    server.use(
      http.post(`${API_ORIGIN}/models/rollback`, ({ request }) => {
        names.push(new URL(request.url).searchParams.get('model'));
        return HttpResponse.json({ name: FD002, version: '1.9.0', previousVersion: '2.0.0' });
      }),
    );
    renderApp('/models');
    const fd002 = await screen.findByRole('region', { name: FD002 });
    await user.click(within(fd002).getByRole('button', { name: `Roll back ${FD002}…` }));
    const dialog = screen.getByRole('alertdialog', { name: `Roll back ${FD002} to its previous version?` });
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await screen.findByText(`Rolled back ${FD002}: version 1.9.0 is in service again (was 2.0.0).`),
    ).toBeInTheDocument();
    expect(names).toEqual([FD002]);
  });

  it('shows the API’s refusal to roll back inside the dialog', async () => {
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
    const fd001 = await screen.findByRole('region', { name: 'cmapss-fd001' });
    await user.click(within(fd001).getByRole('button', { name: 'Roll back cmapss-fd001…' }));
    const dialog = screen.getByRole('alertdialog', {
      name: 'Roll back cmapss-fd001 to its previous version?',
    });
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
