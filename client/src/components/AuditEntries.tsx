import { useTranslation } from "react-i18next";
import { useFormatters } from "../i18n/useFormatters";

interface Entry {
  id: number;
  at: string;
  actorName: string;
  entityType: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Bookkeeping the audit keeps for linking lines, not something a person changed. */
const HIDDEN_FIELDS = new Set(["periodSequence", "resultId", "id", "pilotId"]);
/** Fields whose values are codes with a label in the catalogue (labels.measure.count...). */
const LABELLED_FIELDS = new Set(["measure", "goalDirection", "cumulation", "state"]);

/** The audit trail, newest first: who, when, what, the value before and after. */
export function AuditEntries({ entries }: { entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  const f = useFormatters();
  // Keys are built from what the server recorded, so they are checked at run time, not by the type of t.
  const say = t as unknown as (key: string, values?: object) => string;
  const known = (key: string) => i18n.exists(key);

  const fieldName = (field: string) => (known(`audit.fields.${field}`) ? say(`audit.fields.${field}`) : field);
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return t("common.none");
    if (typeof value === "number") return f.number(value, 10);
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
    if (typeof value === "string" && LABELLED_FIELDS.has(field)) {
      const labelKey = field === "state" ? `labels.reviewState.${value}` : `labels.${field}.${value}`;
      if (known(labelKey)) return say(labelKey);
    }
    // Text the users typed (names, comments) is shown exactly as they wrote it.
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  };
  /** What changed in one step: "value: 70 → 75"; for a creation, the values it was created with. */
  const changes = (entry: Entry): string[] => {
    const fields = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])].filter((k) => !HIDDEN_FIELDS.has(k));
    return fields.flatMap((field) => {
      const before = entry.before?.[field];
      const after = entry.after?.[field];
      if (entry.before && entry.after && JSON.stringify(before) === JSON.stringify(after)) return [];
      return entry.before ? [`${fieldName(field)}: ${show(field, before)} → ${show(field, after)}`] : [`${fieldName(field)}: ${show(field, after)}`];
    });
  };
  const what = (entry: Entry) => {
    const key = `audit.events.${entry.entityType}.${entry.action}`;
    if (known(key)) return say(key);
    // Steps without a sentence of their own: the record's kind and the action, each in the reader's language.
    const kind = `audit.kinds.${entry.entityType}`;
    const action = `audit.actions.${entry.action.replace(/ /g, "_")}`;
    return `${known(kind) ? say(kind) : entry.entityType.replace(/_/g, " ")}: ${known(action) ? say(action) : entry.action}`;
  };

  if (entries.length === 0) return <p className="muted">{t("audit.empty")}</p>;
  return (
    <table className="data-table audit-table">
      <thead>
        <tr>
          <th scope="col">{t("audit.columnWhen")}</th>
          <th scope="col">{t("audit.columnWho")}</th>
          <th scope="col">{t("audit.columnWhat")}</th>
          <th scope="col">{t("audit.columnChange")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td className="nowrap">
              {f.date(entry.at)} {entry.at.slice(11, 16)}
            </td>
            <td>{entry.actorName}</td>
            <td>
              {what(entry)}
              {typeof entry.after?.periodSequence === "number" ? ` ${t("audit.inPeriod", { sequence: entry.after.periodSequence })}` : ""}
            </td>
            <td>
              <ul className="plain-list small">
                {changes(entry).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
