// Real: the Fleet view, the event-stream hook, the generated API client and the key store. Faked: the API
// (msw at the network layer) and the browser's EventSource (jsdom has none).
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetSummary } from '../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../test/msw-server';
import { renderApp } from '../../../test/render';
import { reconnectDelayMs } from './use-event-stream';

class FakeEventSource {
  static all: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  removeEventListener(type: string) {
    this.listeners.delete(type);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

const KEY = 's3cret';
const ticketOf = (n: number) => `T${String(n).padStart(42, '0')}`;

/** Answers POST /events/ticket with T…1, T…2, … for the right key; `fail` answers 503 instead. */
function answerTickets(fail: (n: number) => boolean = () => false) {
  const seen: Array<string | null> = [];
  server.use(
    http.post(`${API_ORIGIN}/events/ticket`, ({ request }) => {
      seen.push(request.headers.get('authorization'));
      const n = seen.length;
      if (fail(n)) {
        return HttpResponse.json(
          { statusCode: 503, code: 'CACHE_UNAVAILABLE', message: 'cannot issue a ticket' },
          { status: 503, headers: { 'retry-after': '1' } },
        );
      }
      return HttpResponse.json({
        ticket: ticketOf(n),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        expiresInSeconds: 60,
      });
    }),
  );
  return seen;
}

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  answerFleetApi();
});
afterEach(() => vi.unstubAllGlobals());

describe('event stream with an API key (ticket flow)', () => {
  beforeEach(() => window.sessionStorage.setItem('rul.apiKey', KEY));

  it('asks for a ticket with the key, opens /events with it (never the key), and goes live', async () => {
    const seen = answerTickets();
    let summaryCalls = 0;
    server.use(
      http.get(`${API_ORIGIN}/fleet/summary`, () => {
        summaryCalls += 1;
        return HttpResponse.json(summaryCalls > 1 ? { ...fleetSummary, minRul: 5.5 } : fleetSummary);
      }),
    );
    renderApp('/fleet');
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    expect(seen).toEqual([`Bearer ${KEY}`]);
    const source = FakeEventSource.all[0] as FakeEventSource;
    expect(source.url).toBe(`${API_ORIGIN}/events?ticket=${ticketOf(1)}`);
    expect(source.url).not.toContain(KEY);

    act(() => source.onopen?.());
    expect(await screen.findByText('Live updates')).toBeInTheDocument();
    const tiles = await screen.findByRole('region', { name: 'Fleet summary' });
    expect(await within(tiles).findByText('12.4')).toBeInTheDocument();
    act(() => source.emit('prediction', { type: 'prediction', data: { engine: 'ENG-3', rul: 5.5 } }));
    expect(await within(tiles).findByText('5.5', {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it('reopens a dropped stream with a new ticket (a used one is refused), polling meanwhile', async () => {
    const seen = answerTickets();
    renderApp('/fleet');
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const first = FakeEventSource.all[0] as FakeEventSource;
    act(() => first.onopen?.());
    expect(await screen.findByText('Live updates')).toBeInTheDocument();

    act(() => first.onerror?.());
    expect(first.closed).toBe(true); // its own retry would present the spent ticket
    expect(screen.getByText('Refreshing every 10 s')).toBeInTheDocument();
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(2), { timeout: reconnectDelayMs(1) + 2000 });
    const second = FakeEventSource.all[1] as FakeEventSource;
    expect(second.url).toBe(`${API_ORIGIN}/events?ticket=${ticketOf(2)}`);
    expect(seen).toHaveLength(2);
    act(() => second.onopen?.());
    expect(await screen.findByText('Live updates')).toBeInTheDocument();
  });

  it('polls while no ticket can be had, and goes live once one is issued', async () => {
    const seen = answerTickets((n) => n === 1);
    renderApp('/fleet');
    expect(await screen.findByText('Refreshing every 10 s')).toBeInTheDocument();
    expect(FakeEventSource.all).toHaveLength(0);
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1), { timeout: reconnectDelayMs(1) + 2000 });
    expect(seen).toHaveLength(2);
    const source = FakeEventSource.all[0] as FakeEventSource;
    expect(source.url).toBe(`${API_ORIGIN}/events?ticket=${ticketOf(2)}`);
    act(() => source.onopen?.());
    expect(await screen.findByText('Live updates')).toBeInTheDocument();
  });

  it('stops the stream and its retries when the view goes away', async () => {
    answerTickets();
    const { unmount } = renderApp('/fleet');
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    const source = FakeEventSource.all[0] as FakeEventSource;
    act(() => source.onerror?.());
    unmount();
    await new Promise((r) => setTimeout(r, reconnectDelayMs(1) + 300));
    expect(FakeEventSource.all).toHaveLength(1);
  });
});

describe('event stream without an API key', () => {
  it('opens /events directly and asks for no ticket', async () => {
    const seen = answerTickets();
    renderApp('/fleet');
    await waitFor(() => expect(FakeEventSource.all).toHaveLength(1));
    expect((FakeEventSource.all[0] as FakeEventSource).url).toBe(`${API_ORIGIN}/events`);
    expect(seen).toEqual([]);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s up to 30 s', () => {
    expect([1, 2, 3, 5, 6, 20].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});
