// Real: the Predict view, router, query client and generated API client. Faked: the API, answered by msw at the network layer.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { prediction } from '../../../../test/fixtures/api-bodies';
import { servedModels } from '../../../../test/fixtures/fleet-bodies';
import { cmapssRows, csvRows } from '../../../../test/fixtures/input-text';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';

interface Captured {
  contentType: string | null;
  body: string;
}

function answerPredictions(
  captured: Captured[],
  body = { predictions: [prediction('1', 112.4, 31), prediction('2', 18.2, 45)] },
) {
  server.use(
    http.post(`${API_ORIGIN}/predict/batch`, async ({ request }) => {
      captured.push({ contentType: request.headers.get('content-type'), body: await request.text() });
      return HttpResponse.json(body);
    }),
  );
}

const FD002 = 'cmapss-fd002-tcn-ensemble';

describe('Predict view', () => {
  beforeEach(() => {
    server.use(http.get(`${API_ORIGIN}/models/served`, () => HttpResponse.json(servedModels)));
  });

  it('sends an uploaded C-MAPSS file as text/plain and shows one prediction per engine', async () => {
    const user = userEvent.setup();
    const captured: Captured[] = [];
    answerPredictions(captured);
    renderApp('/predict');

    const text = cmapssRows([
      [1, 31],
      [2, 45],
    ]);
    await user.upload(
      screen.getByLabelText(/upload a c-mapss text file or csv/i),
      new File([text], 'test_FD001.txt', { type: 'text/plain' }),
    );
    expect(await screen.findByText(/loaded test_fd001\.txt: 76 rows/i)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(await screen.findByRole('heading', { name: '2 engines predicted' })).toBeInTheDocument();
    expect(captured).toEqual([{ contentType: 'text/plain', body: text }]);

    const table = screen.getByRole('table', { name: /predictions per engine/i });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['1', '2']);
    expect(within(rows[1] as HTMLElement).getByText('18.2')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('0.0 – 43.2')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /predicted remaining useful life per engine/i }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /predicted rul/i }));
    const sorted = within(table).getAllByRole('row').slice(1);
    expect(sorted.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['2', '1']);
  });

  it('converts a typed CSV to the JSON engines body', async () => {
    const user = userEvent.setup();
    const captured: Captured[] = [];
    answerPredictions(captured, { predictions: [prediction('7', 80)] });
    renderApp('/predict');

    await user.click(screen.getByRole('button', { name: /start a csv by hand/i }));
    const textarea = screen.getByLabelText('Engine histories');
    await user.clear(textarea);
    await user.click(textarea);
    await user.paste(csvRows([[7, 2]]));
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(await screen.findByRole('heading', { name: '1 engine predicted' })).toBeInTheDocument();
    expect(captured[0]?.contentType).toBe('application/json');
    const body = JSON.parse(captured[0]?.body ?? '{}') as {
      engines: Array<{ unit: string; cycles: Array<{ cycle: number; sensors: number[] }> }>;
    };
    expect(body.engines).toHaveLength(1);
    expect(body.engines[0]?.unit).toBe('7');
    expect(body.engines[0]?.cycles.map((c) => c.cycle)).toEqual([1, 2]);
    expect(body.engines[0]?.cycles[0]?.sensors).toHaveLength(21);
  });

  it('sends the chosen model (?model= for text, body.model for CSV) and names the model of each row', async () => {
    const user = userEvent.setup();
    const captured: Captured[] = [];
    const urls: string[] = [];
    const byFd002 = { ...prediction('2', 40.5, 45), model: { name: FD002, version: '2.0.0' } };
    server.use(
      http.post(`${API_ORIGIN}/predict/batch`, async ({ request }) => {
        urls.push(request.url);
        captured.push({ contentType: request.headers.get('content-type'), body: await request.text() });
        return HttpResponse.json({ predictions: [prediction('1', 112.4, 31), byFd002] });
      }),
    );
    renderApp('/predict');
    const select = screen.getByLabelText('Model');
    expect(select).toHaveValue('');
    expect(within(select).getByRole('option', { name: 'Best fit (automatic)' })).toBeInTheDocument();
    await within(select).findByRole('option', { name: FD002 });

    // Best fit: no model sent.
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(cmapssRows([[1, 2]]));
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    await screen.findByRole('heading', { name: '2 engines predicted' });
    expect(new URL(urls[0] ?? '').search).toBe('');

    const table = screen.getByRole('table', { name: /predictions per engine/i });
    expect(within(table).getByRole('columnheader', { name: 'Model' })).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0] as HTMLElement).getByText('FD001 model')).toHaveAttribute('title', 'cmapss-fd001');
    expect(within(rows[1] as HTMLElement).getByText('FD002 model')).toHaveAttribute('title', FD002);
    expect(within(rows[1] as HTMLElement).getByText('2.0.0')).toBeInTheDocument();
    expect(screen.getByText(`Models cmapss-fd001 1.0.0, ${FD002} 2.0.0`)).toBeInTheDocument();

    // A named model: text goes with ?model=, CSV with body.model.
    await user.selectOptions(select, FD002);
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    await waitFor(() => expect(urls).toHaveLength(2));
    expect(new URL(urls[1] ?? '').searchParams.get('model')).toBe(FD002);

    await user.clear(screen.getByLabelText('Engine histories'));
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(csvRows([[7, 2]]));
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    await waitFor(() => expect(captured).toHaveLength(3));
    expect(captured[2]?.contentType).toBe('application/json');
    expect((JSON.parse(captured[2]?.body ?? '{}') as { model?: string }).model).toBe(FD002);
    expect(new URL(urls[2] ?? '').search).toBe('');
  });

  it('shows the API’s error next to the input with the line at fault', async () => {
    const user = userEvent.setup();
    server.use(
      http.post(`${API_ORIGIN}/predict/batch`, () =>
        HttpResponse.json(
          {
            statusCode: 400,
            code: 'NON_FINITE',
            message: 'line 2, column 9: value "nan" is not a finite number',
            details: [
              { code: 'NON_FINITE', message: 'value "nan" is not a finite number', line: 2, column: 9 },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    renderApp('/predict');
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(
      cmapssRows([[1, 3]]).replace(/^(.*\n[^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+) [^ ]+/, '$1 nan'),
    );
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The API rejected the input (NON_FINITE)');
    expect(alert).toHaveTextContent('Line 2, column 9: value "nan" is not a finite number');
    expect(alert).toHaveTextContent(/1 2 0\.0023 .* nan/);
    const textarea = screen.getByLabelText('Engine histories');
    expect(textarea).toHaveAttribute('aria-invalid', 'true');
    expect(textarea.getAttribute('aria-describedby')).toContain(alert.id);
    await user.click(within(alert).getByRole('button', { name: 'Show line 2' }));
    expect(textarea).toHaveFocus();
  });

  it('maps a JSON-path error for CSV input back to the CSV line and field', async () => {
    const user = userEvent.setup();
    server.use(
      http.post(`${API_ORIGIN}/predict/batch`, () =>
        HttpResponse.json(
          {
            statusCode: 400,
            code: 'NOT_INCREASING',
            message: 'body.engines[1].cycles[1].cycle must be greater than 2',
            details: [
              { path: 'body.engines[1].cycles[1].cycle', message: 'cycle 2 does not increase after cycle 2' },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    renderApp('/predict');
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(
      csvRows([
        [1, 2],
        [2, 2],
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Line 5, field cycle: cycle 2 does not increase after cycle 2',
    );
  });

  it('catches CSV mistakes before sending anything', async () => {
    const user = userEvent.setup();
    const sent = vi.fn();
    server.use(http.post(`${API_ORIGIN}/predict/batch`, sent));
    renderApp('/predict');
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(csvRows([[1, 2]]).replace('500.1', 'oops'));
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Line 2, field s1: s1 is not a finite number: “oops”.',
    );
    expect(sent).not.toHaveBeenCalled();
  });

  it('offers the results as a CSV download', async () => {
    const user = userEvent.setup();
    answerPredictions([]);
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:results';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/predict');
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(cmapssRows([[1, 2]]));
    await user.click(screen.getByRole('button', { name: 'Predict' }));
    await user.click(await screen.findByRole('button', { name: 'Download CSV' }));

    expect(click).toHaveBeenCalled();
    await waitFor(() => expect(blobs).toHaveLength(1));
    const csv = await (blobs[0] as Blob).text();
    expect(csv.split('\n')[0]).toBe(
      'unit,last_cycle,rul,rul_lower,rul_upper,interval_level,model_name,model_version,warnings',
    );
    expect(csv.split('\n')[2]).toBe('2,45,18.2,0,43.2,0.9,cmapss-fd001,1.0.0,');
  });
  it('shows a history the model cannot judge, with its code in the CSV', async () => {
    const user = userEvent.setup();
    const outside = {
      ...prediction('2', 125, 45),
      interval: { lower: 0, upper: 125, level: 0.9 },
      warnings: [
        {
          code: 'SETTINGS_OUT_OF_RANGE' as const,
          message: 'operating settings outside every condition model cmapss-fd001 was trained on',
          channels: ['setting1'],
          cycles: 45,
        },
      ],
    };
    answerPredictions([], { predictions: [prediction('1', 112.4, 31), outside] });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:results';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/predict');
    await user.click(screen.getByLabelText('Engine histories'));
    await user.paste(cmapssRows([[1, 2]]));
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    const row = (await screen.findByRole('rowheader', { name: '2' })).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent(
      'operating settings outside every condition model cmapss-fd001 was trained on',
    );
    expect(row).toHaveTextContent('Unknown operating conditions');
    expect(row).toHaveTextContent('0 – 125');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const csv = await (blobs[0] as Blob).text();
    expect(csv.split('\n')[2]).toBe(
      '2,45,125,0,125,0.9,cmapss-fd001,1.0.0,SETTINGS_OUT_OF_RANGE: operating settings outside every condition model cmapss-fd001 was trained on',
    );
  });
});
