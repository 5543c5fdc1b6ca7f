/**
 * npx tsx tests/bench/bundleSizes.ts   (after npm run build)
 * What the built client makes a browser download, gzipped, read from dist/client with Vite's manifest: the
 * JavaScript index.html loads (entry and its static imports, which index.html preloads) and the JavaScript the
 * portfolio (the landing page after sign-in) loads in all: the entry, the home route with its static imports,
 * the chart it loads on demand and the English catalogue. No browser and no timing: these do not vary with load.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const CLIENT_DIR = resolve(import.meta.dirname, "../../dist/client");

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The dynamic imports the portfolio page makes while it first renders (client/src/pages/PortfolioPage.tsx, client/src/i18n). */
const PORTFOLIO_ON_DEMAND = ["src/pages/HomePage.tsx", "src/charts/StatusDistributionChart.tsx", "../shared/i18n/locales/en.json"];

export interface BundleSizes {
  /** index.html's script and module preloads, gzipped. */
  initialJsGzipBytes: number;
  initialFiles: number;
  /** Everything the portfolio landing page loads, gzipped (initial included). */
  portfolioJsGzipBytes: number;
  portfolioFiles: number;
  /** The largest chunk that index.html or the portfolio loads, to say where the bytes are. */
  largest: { file: string; gzipBytes: number }[];
}

function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The client manifest has no ${key}: was the build made with this code?`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** Null when there is no production build (npm run build). */
export function measureBundleSizes(clientDir = CLIENT_DIR): BundleSizes | null {
  const manifestPath = join(clientDir, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const gzipped = new Map<string, number>();
  const sizeOf = (file: string) => {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(clientDir, file)), { level: 9 }).length);
    return gzipped.get(file)!;
  };
  const total = (files: Set<string>) => [...files].reduce((sum, file) => sum + sizeOf(file), 0);

  const initial = staticClosure(manifest, ["index.html"]);
  // The manifest must say what index.html says: otherwise this figure measures something the browser does not load.
  const html = readFileSync(join(clientDir, "index.html"), "utf8");
  const inHtml = new Set([...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]!));
  if (inHtml.size !== initial.size || [...inHtml].some((file) => !initial.has(file))) {
    throw new Error(`index.html loads ${[...inHtml].join(", ")} but the manifest says ${[...initial].join(", ")}`);
  }
  const portfolio = staticClosure(manifest, ["index.html", ...PORTFOLIO_ON_DEMAND]);
  return {
    initialJsGzipBytes: total(initial),
    initialFiles: initial.size,
    portfolioJsGzipBytes: total(portfolio),
    portfolioFiles: portfolio.size,
    largest: [...portfolio]
      .map((file) => ({ file, gzipBytes: sizeOf(file) }))
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .slice(0, 6),
  };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)}KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = measureBundleSizes();
  if (!sizes) {
    console.error("No production build in dist/client: run npm run build first.");
    process.exit(1);
  }
  console.log(`JavaScript in index.html: ${kilobytes(sizes.initialJsGzipBytes)} gzip in ${sizes.initialFiles} files`);
  console.log(`portfolio page, all JavaScript: ${kilobytes(sizes.portfolioJsGzipBytes)} gzip in ${sizes.portfolioFiles} files`);
  for (const { file, gzipBytes } of sizes.largest) console.log(`  ${kilobytes(gzipBytes)}  ${file}`);
}
