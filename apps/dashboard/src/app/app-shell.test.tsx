// Real: layout, router, providers, key store and API client. Faked: the API (msw at the network layer).
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { activeModel, readyBody } from '../../test/fixtures/api-bodies';
import { API_ORIGIN, server } from '../../test/msw-server';
import { drift, servedModels } from '../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../test/fleet-handlers';
import { renderApp } from '../../test/render';

describe('app shell', () => {
  it('navigates between the six views with the keyboard', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    renderApp('/');
    const nav = screen.getByRole('navigation', { name: 'Views' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Fleet',
      'Engine',
      'Predict',
      'Models',
      'Training',
      'System',
    ]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Fleet' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Fleet' })).toHaveAttribute('aria-current', 'page');

    within(nav).getByRole('link', { name: 'Predict' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Predict' })).toBeInTheDocument();
  });

  it.each([
    ['/fleet', 'Fleet', 'Engines'],
    ['/engines/ENG-1', 'Engine ENG-1', 'Prediction history'],
    ['/models', 'Models', 'Versions of cmapss-fd001'],
    ['/training', 'Training', 'Training jobs'],
  ])('%s shows its data from the API', async (path, title, table) => {
    answerFleetApi();
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: table })).toBeInTheDocument();
  });

  it('shows a not-found page for unknown routes', async () => {
    renderApp('/nope');
    expect(await screen.findByRole('heading', { name: 'No such page' })).toBeInTheDocument();
  });

  it('asks for an API key on 401, keeps it in sessionStorage and sends it as a bearer token', async () => {
    const user = userEvent.setup();
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${API_ORIGIN}/health/ready`, () => HttpResponse.json(readyBody)),
      http.get(`${API_ORIGIN}/models/active/drift`, () => HttpResponse.json(drift)),
      http.get(`${API_ORIGIN}/models/served`, () => HttpResponse.json(servedModels)),
      http.get(`${API_ORIGIN}/models/active`, ({ request }) => {
        const auth = request.headers.get('authorization');
        seen.push(auth);
        return auth === 'Bearer s3cret'
          ? HttpResponse.json(activeModel)
          : HttpResponse.json(
              { statusCode: 401, code: 'UNAUTHORIZED', message: 'missing or invalid API key' },
              { status: 401 },
            );
      }),
    );
    renderApp('/system');

    const dialog = await screen.findByRole('dialog', { name: 'API key required' });
    const input = within(dialog).getByLabelText('API key');
    expect(input).toHaveFocus();
    await user.type(input, 's3cret');
    await user.click(within(dialog).getByRole('button', { name: 'Use key' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const model = screen.getByRole('region', { name: 'Models in service' });
    expect(await within(model).findByLabelText('Model details')).toHaveTextContent('1.0.0');
    expect(seen[0]).toBeNull();
    expect(seen.at(-1)).toBe('Bearer s3cret');
    expect(window.sessionStorage.getItem('rul.apiKey')).toBe('s3cret');
    expect(window.localStorage.length).toBe(0);
    expect(screen.getByText('API key set for this session')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Forget key' }));
    expect(window.sessionStorage.getItem('rul.apiKey')).toBeNull();
  });

  it('closes the key dialog with Escape', async () => {
    const user = userEvent.setup();
    answerFleetApi();
    renderApp('/fleet');
    await user.click(screen.getByRole('button', { name: 'API key' }));
    expect(screen.getByRole('dialog', { name: 'API key required' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
