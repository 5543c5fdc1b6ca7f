import { describe, expect, it } from "vitest";
import { addMonths, daysInclusive } from "../../shared/dates";
import { generateReportingPeriods, periodLabel, periodNumberLabel } from "../../shared/periods";
import { translate } from "../../server/i18n";

describe("reporting periods", () => {
  it("a whole-pilot frequency gives one period", () => {
    expect(generateReportingPeriods("2020-09-01", "2021-09-30", "whole_pilot")).toEqual([{ sequence: 1, startDate: "2020-09-01", endDate: "2021-09-30" }]);
  });

  it("quarters from the pilot start, the last one short", () => {
    const periods = generateReportingPeriods("2020-09-01", "2021-09-30", "quarterly");
    expect(periods.map((p) => [p.startDate, p.endDate])).toEqual([
      ["2020-09-01", "2020-11-30"],
      ["2020-12-01", "2021-02-28"],
      ["2021-03-01", "2021-05-31"],
      ["2021-06-01", "2021-08-31"],
      ["2021-09-01", "2021-09-30"],
    ]);
  });

  it("36 months give 36 monthly periods that tile the pilot without gaps", () => {
    const periods = generateReportingPeriods("2024-01-01", "2026-12-31", "monthly");
    expect(periods).toHaveLength(36);
    for (let i = 1; i < periods.length; i++) {
      expect(periods[i]!.startDate > periods[i - 1]!.endDate).toBe(true);
      expect(daysInclusive(periods[i - 1]!.endDate, periods[i]!.startDate)).toBe(2);
    }
    expect(periods.at(-1)!.endDate).toBe("2026-12-31");
  });

  it("half-years starting on the 31st do not drift to the 28th", () => {
    const periods = generateReportingPeriods("2021-01-31", "2022-12-31", "half_yearly");
    expect(periods.map((p) => p.startDate)).toEqual(["2021-01-31", "2021-07-31", "2022-01-31", "2022-07-31"]);
    expect(periods.at(-1)!.endDate).toBe("2022-12-31");
  });

  it("a pilot shorter than one period gets one short period", () => {
    expect(generateReportingPeriods("2021-01-10", "2021-02-05", "quarterly")).toEqual([{ sequence: 1, startDate: "2021-01-10", endDate: "2021-02-05" }]);
  });

  it("refuses an end before the start", () => {
    expect(() => generateReportingPeriods("2021-02-01", "2021-01-01", "monthly")).toThrow();
  });

  it("month arithmetic clamps to the month's last day", () => {
    expect(addMonths("2021-01-31", 1)).toBe("2021-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });

  it("labels say which period and which months", () => {
    const english = (label: Parameters<typeof translate>[1]) => translate("en", label);
    expect(english(periodLabel({ sequence: 2, startDate: "2020-12-01", endDate: "2021-02-28" }, "quarterly"))).toBe("Quarter 2 (Dec 2020 – Feb 2021)");
    expect(english(periodLabel({ sequence: 1, startDate: "2020-09-01", endDate: "2021-09-30" }, "whole_pilot"))).toBe("Whole pilot (Sep 2020 – Sep 2021)");
    expect(english(periodLabel({ sequence: 3, startDate: "2021-03-01", endDate: "2021-03-31" }, "monthly"))).toBe("Month 3 (Mar 2021)");
    expect(english(periodNumberLabel(9))).toBe("Period 9");
  });

  it("labels are made in the reader's language from the stored dates, month names included", () => {
    const quarter = periodLabel({ sequence: 2, startDate: "2020-12-01", endDate: "2021-02-28" }, "quarterly");
    expect(translate("it", quarter)).toBe("Trimestre 2 (dic 2020 – feb 2021)");
    expect(translate("es", quarter)).toBe("Trimestre 2 (dic 2020 – feb 2021)");
    expect(translate("de", quarter)).toBe("Quartal 2 (Dez. 2020 – Feb. 2021)");
    expect(translate("it", periodLabel({ sequence: 1, startDate: "2020-09-01", endDate: "2021-09-30" }, "whole_pilot"))).toBe("Intero pilota (set 2020 – set 2021)");
    // The first and last day of a month are in the same month whatever the server's time zone.
    expect(translate("de", periodLabel({ sequence: 1, startDate: "2021-01-01", endDate: "2021-01-31" }, "monthly"))).toBe("Monat 1 (Jan. 2021)");
  });
});
