import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { screenshot, signInAs } from "./helpers";

const SCRIPT_NAME = `<img src=x onerror="window.__pwned=1">Helpdesk <b>hours</b>`;
const SCRIPT_COMMENT = `<script>window.__pwned=2</script>Flooded road =1+2 "quoted"`;

async function call<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { data: input });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

test("names and comments that contain HTML or script show as text on every page and in exports", async ({ page }) => {
  await signInAs(page, "administrator");
  page.on("dialog", (dialog) => {
    throw new Error(`A dialog opened: ${dialog.message()}`);
  });
  const project = await call<{ id: number }>(page.request, "projects.create", {
    name: `<i>Project</i> & "Co"`,
    programme: "",
    startDate: "2025-01-01",
    endDate: "2026-12-31",
    tolerancePercent: 15,
  });
  const pilot = await call<{ id: number }>(page.request, "pilots.create", {
    // One quarter, started and not yet due, so the low value is "underperforming" rather than "not reported".
    projectId: project.id,
    title: `<svg onload=alert(1)>Pilot`,
    partnerOrganisation: "",
    location: "",
    country: "",
    startDate: "2026-10-01",
    endDate: "2026-12-31",
    reportingFrequency: "quarterly",
    coordinatorName: "",
    coordinatorEmail: "",
    description: "",
  });
  const indicator = await call<{ id: number }>(page.request, "indicators.create", {
    pilotId: pilot.id,
    name: SCRIPT_NAME,
    kind: "quantitative",
    measure: "count",
    unit: "hours",
    goal: 1000,
    scaleMin: null,
    scaleMax: null,
  });
  const pageResponse = await page.request.get(`/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilot.id }))}`);
  const pilotPage = ((await pageResponse.json()) as { result: { data: { periods: { id: number; hasStarted: boolean }[] } } }).result.data;
  const period = pilotPage.periods.filter((p) => p.hasStarted).at(-1)!;
  await call(page.request, "results.savePeriod", {
    periodId: period.id,
    enteredBy: `<b>Ana</b>`,
    entries: [{ indicatorId: indicator.id, expectedVersion: null, value: 1, comment: SCRIPT_COMMENT }],
  });

  await page.goto(`/pilots/${pilot.id}`);
  await expect(page.getByRole("heading", { name: "<svg onload=alert(1)>Pilot" })).toBeVisible();
  await expect(page.getByText(SCRIPT_NAME).first()).toBeVisible();
  await expect(page.getByText(SCRIPT_COMMENT).first()).toBeVisible();
  await page.goto("/attention");
  await expect(page.getByText(SCRIPT_COMMENT).first()).toBeVisible();
  await screenshot(page, "hostile-text");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  const csv = await (await page.request.get(`/api/exports/pilots/${pilot.id}/indicator-table.csv`)).text();
  expect(csv).toContain("<img src=x onerror=");
  // A cell that starts like a formula is written so that no spreadsheet runs it.
  expect(csv).not.toMatch(/(^|,)=1\+2/m);
});
