import { test as base, expect } from "@playwright/test";

/**
 * Every end-to-end test runs under the server's Content-Security-Policy and fails if the browser
 * refuses anything the app tried to load or run: the policy must be one the app works under.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
