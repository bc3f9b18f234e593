// Assembling the self-contained page: styles, the error-capturing script,
// the data as JSON and the renderer, all inline. Nothing is fetched.

import type { ReportDoc } from './model.js';
import { ERROR_CAPTURE_SCRIPT, RENDERER_SCRIPT } from './renderer.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
#promforge-root { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0; }
h2 { font-size: 17px; margin: 28px 0 4px; padding-top: 8px; border-top: 1px solid #ddd; }
h3 { font-size: 13px; font-weight: 600; margin: 12px 0 2px; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
h4 { font-size: 13px; margin: 10px 0 4px; }
p { margin: 2px 0; }
.summary { color: #333; }
.note, .help { color: #666; font-size: 12px; }
.toc { columns: 2; font-size: 12px; margin: 8px 0 0; }
.chart { background: #fff; border: 1px solid #e2e2e2; border-radius: 4px; padding: 6px 10px 8px; margin: 10px 0; }
.plot { position: relative; }
.plot canvas { position: absolute; left: 0; top: 0; }
.plot canvas.overlay { cursor: crosshair; }
.legend { font-size: 12px; margin: 2px 0 4px; display: flex; flex-wrap: wrap; gap: 2px 14px; }
.legend .item { white-space: nowrap; }
.sw { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px; border: 1px solid transparent; }
.sw.dashed { border: 0; border-top: 2px dashed; height: 0; vertical-align: 3px; }
.tip { position: absolute; display: none; pointer-events: none; background: rgba(255,255,255,0.96); border: 1px solid #bbb; border-radius: 3px; padding: 4px 7px; font-size: 12px; max-width: 560px; box-shadow: 0 1px 4px rgba(0,0,0,0.15); z-index: 2; }
table { border-collapse: collapse; font-size: 12px; background: #fff; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace; }
th { background: #f0f0f0; font-family: inherit; }
#promforge-selfcheck { display: none; }
`;

/** JSON that is safe inside a <script> element (no "</script>", no line separators JS chokes on). */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderReportPage(doc: ReportDoc): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No network: a strict policy makes an accidental external reference fail visibly.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    `<script>${ERROR_CAPTURE_SCRIPT}</script>`,
    '</head>',
    '<body>',
    '<div id="promforge-root"></div>',
    '<pre id="promforge-selfcheck"></pre>',
    `<script type="application/json" id="promforge-data">${scriptSafeJson(doc)}</script>`,
    `<script>${RENDERER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
