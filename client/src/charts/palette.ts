import type { Status } from "../../../shared/domain";

/** Okabe–Ito colours: distinguishable with the common forms of colour blindness. Text always goes with them. */
export const statusColours: Record<Status, string> = {
  achieved: "#009E73",
  on_track: "#0072B2",
  at_risk: "#E69F00",
  underperforming: "#D55E00",
  not_reported: "#999999",
  not_yet_due: "#CCCCCC",
};

export const seriesColours = { result: "#0072B2", target: "#444444", period: "#CC79A7", projection: "#D55E00" };
