import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import type { ChartDrawing, ChartShape } from "../../shared/progressChart";

/**
 * A chart drawing (shared/progressChart.ts) as SVG text and as a PNG for documents: Word shows a PNG
 * everywhere, an SVG only in recent versions. resvg (a Rust renderer shipped as prebuilt binaries, no
 * native build) draws it with the system's DejaVu Sans, the font Debian's Chromium uses for the print view.
 */

const FONT = "DejaVu Sans";
// Debian's fonts-dejavu-core: loading one file is much faster than scanning every system font for each chart.
const DEJAVU = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"].filter((file) => existsSync(file));
const fontOptions = DEJAVU.length ? { fontFiles: DEJAVU, loadSystemFonts: false, defaultFontFamily: FONT } : { loadSystemFonts: true, defaultFontFamily: FONT };

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const pointsText = (points: [number, number][]) => points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

function shapeSvg(shape: ChartShape): string {
  switch (shape.kind) {
    case "rect":
      return `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" fill="${shape.fill}"${shape.stroke ? ` stroke="${shape.stroke}"` : ""}/>`;
    case "line":
      return `<line x1="${shape.x1.toFixed(1)}" y1="${shape.y1.toFixed(1)}" x2="${shape.x2.toFixed(1)}" y2="${shape.y2.toFixed(1)}" stroke="${shape.stroke}" stroke-width="${shape.width}"${shape.dash ? ` stroke-dasharray="${shape.dash}"` : ""}/>`;
    case "polyline":
      return `<polyline points="${pointsText(shape.points)}" fill="none" stroke="${shape.stroke}" stroke-width="${shape.width}" stroke-linejoin="round"${shape.dash ? ` stroke-dasharray="${shape.dash}"` : ""}/>`;
    case "circle":
      return `<circle cx="${shape.cx.toFixed(1)}" cy="${shape.cy.toFixed(1)}" r="${shape.r}" fill="${shape.fill}"${shape.stroke ? ` stroke="${shape.stroke}"` : ""}/>`;
    case "polygon":
      return `<polygon points="${pointsText(shape.points)}" fill="${shape.fill}"${shape.stroke ? ` stroke="${shape.stroke}"` : ""}/>`;
    case "text":
      return `<text x="${shape.x.toFixed(1)}" y="${shape.y.toFixed(1)}" font-size="${shape.size}" fill="${shape.fill}" text-anchor="${shape.anchor}">${escapeXml(shape.text)}</text>`;
  }
}

/** The drawing as a standalone SVG document, its text alternative as its title. */
export function chartSvg(drawing: ChartDrawing, altText: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${drawing.width}" height="${drawing.height}" viewBox="0 0 ${drawing.width} ${drawing.height}" font-family="${FONT}" role="img">`,
    `<title>${escapeXml(altText)}</title>`,
    ...drawing.shapes.map(shapeSvg),
    "</svg>",
  ].join("");
}

/** The drawing as a PNG at twice its size, sharp on paper. */
export function chartPng(drawing: ChartDrawing, altText: string): Buffer {
  const image = new Resvg(chartSvg(drawing, altText), { fitTo: { mode: "zoom", value: 2 }, font: fontOptions });
  return image.render().asPng();
}
