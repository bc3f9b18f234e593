// Driving headless Chromium without npm packages: the report page writes its
// own self-check into the DOM, `--dump-dom` prints the DOM after scripts ran,
// and `--screenshot` saves a picture. Every run is bounded in time and its
// whole process group is killed on timeout.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env['PROMFORGE_CHROMIUM'] ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export interface ChromiumRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function run(args: readonly string[], timeoutMs: number): Promise<ChromiumRun> {
  const profile = mkdtempSync(path.join(tmpdir(), 'promforge-chromium-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      // Any network access at all would fail: the report must not need it.
      '--host-resolver-rules=MAP * ~NOTFOUND',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

export interface SelfCheck {
  readonly charts: {
    id: string;
    kind: 'time' | 'curve';
    lines: number;
    points: number;
    pending: number;
    firing: number;
    incidents: number;
    markers: number;
    changedPixels: number;
    width: number;
    height: number;
  }[];
  readonly errors: string[];
  readonly renderMs: number;
  readonly pageHeight: number;
  /** Present when the page was opened with #promforge-interaction-check. */
  readonly interaction: { full: number[]; zoomed: number[]; expectedZoom: number[]; tooltip: string; reset: boolean } | null;
}

/** Loads the page, lets its scripts run, and returns the self-check the page wrote (or why there is none). */
export async function dumpSelfCheck(htmlFile: string, timeoutMs: number, hash = ''): Promise<{ check?: SelfCheck; run: ChromiumRun }> {
  const r = await run(['--window-size=1280,900', '--virtual-time-budget=5000', '--dump-dom', pathToFileURL(htmlFile).href + hash], timeoutMs);
  const m = /<pre id="promforge-selfcheck">([^<]*)<\/pre>/.exec(r.stdout);
  if (!m || m[1] === '') return { run: r };
  const text = m[1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return { check: JSON.parse(text) as SelfCheck, run: r };
}

export async function screenshot(htmlFile: string, pngFile: string, height: number, timeoutMs: number): Promise<ChromiumRun> {
  return run(
    [`--window-size=1280,${Math.max(600, Math.min(height, 16_000))}`, '--virtual-time-budget=5000', `--screenshot=${pngFile}`, pathToFileURL(htmlFile).href],
    timeoutMs,
  );
}
