import { existsSync } from "node:fs";

/**
 * Time from navigation to the portfolio page until its table and charts are shown, in Debian's Chromium.
 * Returns null when Chromium is not installed.
 */
export async function measurePortfolioPage(baseUrl: string): Promise<number | null> {
  if (!existsSync("/usr/bin/chromium")) return null;
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const samples: number[] = [];
    for (let i = 0; i < 4; i++) {
      const page = await browser.newPage();
      const started = performance.now();
      await page.goto(`${baseUrl}/`);
      await page.locator("table tbody tr").first().waitFor({ state: "visible" });
      await page.locator("svg.recharts-surface").first().waitFor({ state: "visible" });
      if (i > 0) samples.push(performance.now() - started);
      await page.close();
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  } finally {
    await browser.close();
  }
}
