/**
 * Embedded mode only: when TRAINER_WORKER is set (e.g. `/usr/bin/python3 -m rul_trainer worker`), that
 * command is started as a child process with `--database-url` pointing at the embedded database's
 * wire-protocol socket, restarted with back-off if it exits, and stopped when the app closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedSocketDatabase } from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';
import { repoRoot } from '../../../config/paths.js';

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const command = config.TRAINER_WORKER;
    if (!command) return;
    const log = app.log.child({ component: 'trainer-worker' });
    if (!(app.db instanceof EmbeddedSocketDatabase)) {
      log.info('TRAINER_WORKER is ignored with DATABASE_URL: run the worker next to the database instead');
      return;
    }
    const { host, port } = app.db.address;
    const url = `postgresql://postgres@${host}:${port}/postgres`;
    const trainerDir = join(repoRoot, 'apps', 'trainer');
    let child: ChildProcess | undefined;
    let stopping = false;
    let restarts = 0;
    let restartTimer: NodeJS.Timeout | undefined;

    const start = () => {
      const args = [
        '--database-url',
        url,
        ...(app.db.schema !== 'public' ? ['--schema', app.db.schema] : []),
      ];
      child = spawn(`${command} ${args.join(' ')}`, {
        shell: true,
        cwd: existsSync(trainerDir) ? trainerDir : process.cwd(),
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so stopping it reaches the worker behind the shell too.
        detached: true,
      });
      log.info({ pid: child.pid, database: url }, 'trainer worker started');
      child.stdout?.on('data', (b: Buffer) => log.info(b.toString().trimEnd()));
      child.stderr?.on('data', (b: Buffer) => log.warn(b.toString().trimEnd()));
      child.on('exit', (code, signal) => {
        child = undefined;
        if (stopping) return;
        const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts++, 5));
        log.warn({ code, signal, delay }, 'trainer worker exited; restarting');
        restartTimer = setTimeout(start, delay);
        restartTimer.unref();
      });
    };
    app.addHook('onReady', async () => start());
    app.addHook('preClose', async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running) return;
      await new Promise<void>((resolve) => {
        const signal = (sig: NodeJS.Signals) => {
          try {
            process.kill(-(running.pid as number), sig);
          } catch {
            running.kill(sig);
          }
        };
        const kill = setTimeout(() => signal('SIGKILL'), 5000);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        signal('SIGTERM');
      });
    });
  },
  { name: 'trainer-worker', dependencies: ['database'], fastify: '5.x' },
);
