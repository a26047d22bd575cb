// Closing the inference pool with runs in flight: every run finishes, each worker releases its
// ONNX Runtime session before its thread ends, and the process exits cleanly. Tearing a worker
// down with a live session used to abort the whole process from native code at shutdown
// ("terminate called after throwing an instance of 'Napi::Error'").
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REAL_MODEL_DIR } from './helpers/test-app.js';

const script = fileURLToPath(new URL('./fixtures/pool-shutdown.ts', import.meta.url));

describe('inference pool shutdown', () => {
  it('finishes in-flight runs and exits without a native abort', async () => {
    expect(existsSync(`${REAL_MODEL_DIR}/model.onnx`), 'models/default/model.onnx is missing').toBe(true);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { code, stdout, stderr } = await new Promise<{
        code: number | null;
        stdout: string;
        stderr: string;
      }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', script, REAL_MODEL_DIR],
          { timeout: 60_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(stderr).not.toMatch(/terminate called|Napi::Error|Aborted/);
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('resolved 16');
    }
  }, 120_000);
});
