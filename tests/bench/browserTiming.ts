import { existsSync } from "node:fs";

import { gzipSync } from "node:zlib";

export interface PageFigures {
  /** Median time from navigation until the table and the chart are shown. */
  usableMs: number;
  /** JavaScript the browser downloaded to show the page, gzipped. */
  javascriptGzipBytes: number;
  /** Scripts and API answers of the first load that came without Content-Encoding (compression: server/app.ts). */
  uncompressedResponses: number;
}

/**
 * Time from navigation to the portfolio page until its table and charts are shown, in Debian's Chromium,
 * and the JavaScript it needed. Returns null when Chromium is not installed.
 */
export async function measurePortfolioPage(baseUrl: string, sessionCookie: string): Promise<PageFigures | null> {
  if (!existsSync("/usr/bin/chromium")) return null;
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const samples: number[] = [];
    let javascriptGzipBytes = 0;
    let uncompressedResponses = 0;
    for (let i = 0; i < 4; i++) {
      const context = await browser.newContext();
      const [name, value] = sessionCookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      const scripts: Promise<number>[] = [];
      if (i === 0) {
        page.on("response", (response) => {
          const url = response.url();
          if (url.endsWith(".js")) scripts.push(response.body().then((body) => gzipSync(body).length));
          // Tiny answers are sent as they are (compression's threshold); the scripts and the summary are not tiny.
          const large = Number(response.headers()["content-length"] ?? Number.POSITIVE_INFINITY) > 1024;
          if ((url.endsWith(".js") || url.includes("/api/trpc/")) && large && !response.headers()["content-encoding"]) uncompressedResponses++;
        });
      }
      const started = performance.now();
      await page.goto(`${baseUrl}/`);
      // The pilots table: the chart's own table, folded under "Show as table", comes first in the page and stays hidden.
      await page.locator("section[aria-labelledby=pilots-heading] table tbody tr").first().waitFor({ state: "visible" });
      await page.locator("svg.status-chart").first().waitFor({ state: "visible" });
      if (i > 0) samples.push(performance.now() - started);
      else javascriptGzipBytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
      await context.close();
    }
    return { usableMs: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!, javascriptGzipBytes, uncompressedResponses };
  } finally {
    await browser.close();
  }
}
