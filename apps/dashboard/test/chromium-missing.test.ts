// @vitest-environment node
// Real launcher code, pointed at a path that does not exist: the browser run must fail loudly, never skip.
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/support/chromium';

describe('launchChromium', () => {
  it('fails with install instructions when Chromium is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      /Chromium not found at \/nonexistent\/chromium\. Install it with: apt-get install/,
    );
  });
});
