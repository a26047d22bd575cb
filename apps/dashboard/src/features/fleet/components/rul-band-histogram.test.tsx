// Real: the histogram component and, in the last test, the whole Fleet view with its summary query.
// (fleet-band-filter.test.tsx follows a band click through the Fleet view.)
// Faked: the API (msw at the network layer).
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { fleetSummary } from '../../../../test/fixtures/fleet-bodies';
import { answerFleetApi } from '../../../../test/fleet-handlers';
import { API_ORIGIN, server } from '../../../../test/msw-server';
import { renderApp } from '../../../../test/render';
import { RulBandHistogram } from './rul-band-histogram';

const thresholds = { warning: 50, critical: 20 };
const unselected = { selected: null, onSelect: () => undefined };
const tenThousand = [
  { from: 0, to: 25, count: 312 },
  { from: 25, to: 50, count: 1288 },
  { from: 50, to: 75, count: 2400 },
  { from: 75, to: 100, count: 3100 },
  { from: 100, to: 125, count: 2100 },
  { from: 125, to: null, count: 800 },
];

function bandRows() {
  const table = screen.getByRole('table', { name: 'Remaining life across the fleet' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => {
      const cells = within(row).getAllByRole('cell');
      return {
        band: within(row).getByRole('rowheader').textContent,
        count: cells[0]?.textContent,
        statuses: within(cells[1] as HTMLElement)
          .queryAllByText(/^(Critical|Warning|Healthy)$/)
          .map((s) => s.textContent),
        bar: row.querySelector('.rul-band-bar'),
      };
    });
}

describe('RUL-band histogram', () => {
  it('shows how many of 10,000 engines fall in each band, with the statuses each band covers', () => {
    render(<RulBandHistogram bands={tenThousand} thresholds={thresholds} {...unselected} />);
    expect(screen.getByText(/^10,000 engines with a predicted RUL/)).toBeInTheDocument();
    const rows = bandRows();
    expect(rows.map((r) => [r.band, r.count, r.statuses])).toEqual([
      ['0–25', '312 (3%)', ['Critical', 'Warning']],
      ['25–50', '1,288 (13%)', ['Warning']],
      ['50–75', '2,400 (24%)', ['Healthy']],
      ['75–100', '3,100 (31%)', ['Healthy']],
      ['100–125', '2,100 (21%)', ['Healthy']],
      ['125 or more', '800 (8%)', ['Healthy']],
    ]);
    // Bars are coloured by the status covering most of the band and scaled to the largest band.
    expect(rows.map((r) => r.bar?.className)).toEqual([
      'rul-band-bar critical',
      'rul-band-bar warning',
      'rul-band-bar ok',
      'rul-band-bar ok',
      'rul-band-bar ok',
      'rul-band-bar ok',
    ]);
    expect((rows[3]?.bar as HTMLElement).style.width).toBe('100%');
    expect((rows[5]?.bar as HTMLElement).style.width).toBe(`${(800 / 3100) * 100}%`);
    // The bars are decoration: the counts are the text a screen reader reads.
    expect(rows[0]?.bar?.parentElement).toHaveAttribute('aria-hidden', 'true');
  });

  it('makes each band a labelled toggle that selects its range, the first one without a lower bound', async () => {
    const user = userEvent.setup();
    const chosen: unknown[] = [];
    const { rerender } = render(
      <RulBandHistogram
        bands={tenThousand}
        thresholds={thresholds}
        selected={null}
        onSelect={(r) => chosen.push(r)}
      />,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Show the 312 engines with remaining life 0–25 cycles',
      'Show the 1,288 engines with remaining life 25–50 cycles',
      'Show the 2,400 engines with remaining life 50–75 cycles',
      'Show the 3,100 engines with remaining life 75–100 cycles',
      'Show the 2,100 engines with remaining life 100–125 cycles',
      'Show the 800 engines with remaining life 125 or more cycles',
    ]);
    expect(buttons.every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);

    await user.click(screen.getByRole('button', { name: /remaining life 25–50 cycles/ }));
    // Keyboard: Tab to the first band, Enter; then the last band with Space.
    await user.tab();
    expect(document.activeElement).toBe(buttons[2]);
    (buttons[0] as HTMLElement).focus();
    await user.keyboard('{Enter}');
    (buttons[5] as HTMLElement).focus();
    await user.keyboard(' ');
    expect(chosen).toEqual([
      { min: 25, max: 50 },
      { min: null, max: 25 },
      { min: 125, max: null },
    ]);

    rerender(
      <RulBandHistogram
        bands={tenThousand}
        thresholds={thresholds}
        selected={{ min: 25, max: 50 }}
        onSelect={(r) => chosen.push(r)}
      />,
    );
    const pressed = screen.getByRole('button', { pressed: true });
    expect(pressed).toHaveAccessibleName('Show the 1,288 engines with remaining life 25–50 cycles');
    expect(pressed.closest('tr')).toHaveClass('selected');
    expect(screen.getAllByRole('button', { pressed: false })).toHaveLength(5);
    // Pressing the selected band again removes the range.
    await user.click(pressed);
    expect(chosen.at(-1)).toBeNull();
  });

  it('names a band of one engine and an empty band in words', () => {
    render(
      <RulBandHistogram
        bands={[
          { from: 0, to: 25, count: 1 },
          { from: 25, to: null, count: 0 },
        ]}
        thresholds={thresholds}
        {...unselected}
      />,
    );
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Show the 1 engine with remaining life 0–25 cycles',
      'Show engines with remaining life 25 or more cycles (none at present)',
    ]);
  });

  it('follows the thresholds it is given', () => {
    render(
      <RulBandHistogram bands={tenThousand} thresholds={{ warning: 100, critical: 60 }} {...unselected} />,
    );
    expect(bandRows().map((r) => r.bar?.className.replace('rul-band-bar ', ''))).toEqual([
      'critical',
      'critical',
      'warning',
      'warning',
      'ok',
      'ok',
    ]);
  });

  it('says so when no engine has a predicted RUL yet', () => {
    render(
      <RulBandHistogram
        bands={tenThousand.map((b) => ({ ...b, count: 0 }))}
        thresholds={thresholds}
        {...unselected}
      />,
    );
    expect(screen.getByRole('heading', { name: 'No predicted remaining life yet' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('is drawn on the Fleet view from the bands of GET /fleet/summary', async () => {
    answerFleetApi();
    server.use(
      http.get(`${API_ORIGIN}/fleet/summary`, () =>
        HttpResponse.json({ ...fleetSummary, total: 10_000, bands: tenThousand }),
      ),
    );
    renderApp('/fleet');
    await screen.findByRole('table', { name: 'Remaining life across the fleet' });
    expect(bandRows().map((r) => r.count)).toEqual([
      '312 (3%)',
      '1,288 (13%)',
      '2,400 (24%)',
      '3,100 (31%)',
      '2,100 (21%)',
      '800 (8%)',
    ]);
  });
});
