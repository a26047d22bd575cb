// Real env parsing and error screen in jsdom; nothing faked.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../config/env';
import { EnvErrorScreen } from './env-error-screen';

describe('EnvErrorScreen', () => {
  it('names the variable that stopped the dashboard from starting', () => {
    let error: unknown;
    try {
      parseEnv({ VITE_API_BASE_URL: 'api.example.com' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    render(<EnvErrorScreen error={error as EnvError} />);
    expect(screen.getByRole('alert')).toHaveTextContent('VITE_API_BASE_URL has an invalid value');
  });
});
