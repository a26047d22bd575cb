// Real components rendered in jsdom; nothing faked.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HealthBadge, StatusBadge } from './status-badge';

describe('StatusBadge', () => {
  it('always carries words and an icon, not colour alone', () => {
    const { container } = render(
      <>
        <HealthBadge health="critical" />
        <StatusBadge tone="ok">Pass</StatusBadge>
      </>,
    );
    expect(screen.getByText('Critical')).toBeInTheDocument();
    expect(screen.getByText('Pass')).toBeInTheDocument();
    const icons = container.querySelectorAll('svg[aria-hidden="true"]');
    expect(icons).toHaveLength(2);
    expect(icons[0]?.innerHTML).not.toBe(icons[1]?.innerHTML);
  });
});
