import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite → Vega → SVG on the server (vega's headless View, renderer "none": no canvas, no
 * browser), so the page needs no script to show its plots and the SVG files diff in a PR.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * SVG → PNG with resvg (the Rust SVG renderer; @resvg/resvg-js ships prebuilt binaries as npm
 * packages per platform, so it installs without a compiler or a browser download). System fonts
 * render the text; 2× for sharp images in PR comments.
 */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' });
  return resvg.render().asPng();
}
