import type { Status } from "./domain";

/**
 * Okabe–Ito colours: distinguishable with the common forms of colour blindness (tests/unit/chart-palette.test.ts
 * checks it under simulated protanopia, deuteranopia and tritanopia). Colour is never the only sign of a status:
 * charts label each bar with the status symbol and name, and every chart can be read as a table.
 */
export const statusColours: Record<Status, string> = {
  achieved: "#009E73",
  on_track: "#0072B2",
  at_risk: "#E69F00",
  underperforming: "#D55E00",
  not_reported: "#999999",
  not_yet_due: "#CCCCCC",
  due_at_end: "#56B4E9",
};

/** Lines and markers of an indicator chart; each also differs by dash or marker shape. */
export const seriesColours = { result: "#0072B2", target: "#444444", period: "#CC79A7", projection: "#D55E00" };

/**
 * The outline drawn round every bar, and the colour of the figures written on the chart: the light fills
 * (orange, greys) fall short of 3:1 against the white page, the outline does not.
 */
export const chartInk = "#333333";

/** The page behind the charts (client/src/styles.css). */
export const chartBackground = "#FFFFFF";
