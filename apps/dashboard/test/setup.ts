import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { installBrowserStubs } from './browser-stubs';
import { server } from './msw-server';

installBrowserStubs();
// The first render of a lazily loaded view can take over a second on a busy 2-core machine; findBy*
// queries wait up to this long for what they look for (the default, 1 s, failed there).
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  if (typeof window !== 'undefined') window.sessionStorage.clear();
});
afterAll(() => server.close());
