import { AlignmentType, Document, Footer, HeadingLevel, ImageRun, LevelFormat, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { formattingLocaleOf } from "../../shared/i18n/languages";
import { formatIsoDate, formatNumber } from "../../shared/numbers";
import { drawProgressChart, type ChartWords } from "../../shared/progressChart";
import { chartPng } from "./chartImage";
import { translatorFor } from "../i18n";
import type { FinalReport, ReportIndicatorRow } from "./finalReport";

/*
 * The pilot final report as a Word document: headings, the narrative sections (from their sanitised
 * HTML: paragraphs, bold, italic, lists), real Word tables for 4a, 4b and 4e, each indicator's progress chart under its row, and page numbers. Headings,
 * table headers and dates are in the report's language (the reader's); what the pilot wrote stays as written.
 */

type Translate = ReturnType<typeof translatorFor>;

const NUMBERED = "report-numbered";

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
}

function runsOf(nodes: ChildNode[], style: RunStyle = {}): TextRun[] {
  return nodes.flatMap((node): TextRun[] => {
    if (node.type === "text") return node.data === "" ? [] : [new TextRun({ text: node.data, ...style })];
    if (node.type !== "tag") return [];
    const element = node as Element;
    if (element.name === "br") return [new TextRun({ text: "", break: 1 })];
    const inner = { ...style, ...(["strong", "b"].includes(element.name) ? { bold: true } : {}), ...(["em", "i"].includes(element.name) ? { italics: true } : {}) };
    return runsOf(element.children, inner);
  });
}

/** Block paragraphs from sanitised section HTML; each numbered list restarts at 1. */
function paragraphsOf(html: string, nextListInstance: () => number, notWrittenYet: string): Paragraph[] {
  const blocks: Paragraph[] = [];
  for (const node of parseDocument(html).children) {
    if (node.type === "text") {
      if (node.data.trim()) blocks.push(new Paragraph({ children: [new TextRun(node.data)] }));
      continue;
    }
    if (node.type !== "tag") continue;
    const element = node as Element;
    if (element.name === "ul" || element.name === "ol") {
      const instance = nextListInstance();
      for (const item of element.children) {
        if (item.type !== "tag") continue;
        const children = runsOf((item as Element).children);
        blocks.push(
          element.name === "ul" ? new Paragraph({ children, bullet: { level: 0 } }) : new Paragraph({ children, numbering: { reference: NUMBERED, level: 0, instance } }),
        );
      }
    } else {
      blocks.push(new Paragraph({ children: runsOf(element.children), spacing: { after: 120 } }));
    }
  }
  return blocks.length ? blocks : [new Paragraph({ children: [new TextRun({ text: notWrittenYet, italics: true })] })];
}

function cell(text: string, header = false): TableCell {
  const lines = text.split("\n");
  return new TableCell({
    children: lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header })] })),
  });
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) }))],
  });
}

/** A two-column table without a header row: a bold label beside each value (a reference sheet in the annex). */
function labelledRows(rows: [label: string, value: string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([label, value]) => new TableRow({ cantSplit: true, children: [cell(label, true), cell(value)] })),
  });
}

/**
 * 4a or 4b, each indicator's row followed by a row across the table with its progress chart (a PNG with the
 * chart in words as its alt text, and the same words as a caption under it for a reader who cannot see it).
 */
function indicatorTable(rows: ReportIndicatorRow[], t: Translate, locale: string): Table | Paragraph {
  if (rows.length === 0) return new Paragraph({ children: [new TextRun({ text: t("report.noIndicators"), italics: true })] });
  const header = [t("report.columns.indicator"), t("report.columns.originalGoal"), t("report.columns.currentResult"), t("report.columns.comments")];
  const words = { target: t("charts.indicator.goalTrajectory"), result: t("charts.indicator.resultToDate"), periodValue: t("charts.indicator.periodValue") };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.flatMap((row) => [
        new TableRow({ cantSplit: true, children: [row.name, row.goalText, row.currentText, row.comments].map((c) => cell(c)) }),
        chartRow(row, words, locale, t),
      ]),
    ],
  });
}

function chartRow(row: ReportIndicatorRow, words: ChartWords, locale: string, t: Translate): TableRow {
  const wordsFor = row.chart.measure === "count" ? words : { ...words, result: t("charts.indicator.resultWeighted"), target: t("charts.indicator.goal") };
  const drawing = drawProgressChart(row.chart, wordsFor, (value) => formatNumber(value, 2, locale));
  const png = chartPng(drawing, row.chart.altText);
  // 6 inches wide at 96 px an inch, in the drawing's proportions.
  const width = 576;
  const height = Math.round((width * drawing.height) / drawing.width);
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        columnSpan: 4,
        children: [
          new Paragraph({
            keepNext: true,
            children: [
              new ImageRun({
                type: "png",
                data: png,
                transformation: { width, height },
                altText: { name: t("report.chartName", { name: row.name }), title: t("report.chartName", { name: row.name }), description: row.chart.altText },
              }),
            ],
          }),
          new Paragraph({ children: [new TextRun({ text: row.chart.altText, italics: true, size: 16 })] }),
        ],
      }),
    ],
  });
}

export async function finalReportDocx(report: FinalReport): Promise<Buffer> {
  const t = translatorFor(report.language);
  const date = (iso: string) => formatIsoDate(iso, formattingLocaleOf(report.language));
  const title = t("report.print.title", { pilot: report.pilot.title });
  let listInstances = 0;
  const nextListInstance = () => ++listInstances;
  const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
    new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
  const children = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: `${report.pilot.projectName}${report.pilot.programme ? ` · ${report.pilot.programme}` : ""}` })] }),
    new Paragraph({
      children: [
        new TextRun({
          text: `${t("report.print.partner", { partner: report.pilot.partnerOrganisation || t("common.none") })} · ${report.pilot.location || ""} ${report.pilot.country || ""}`.trim(),
        }),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun({ text: `${t("report.print.pilotAction", { start: report.pilot.startDate, end: report.pilot.endDate })} · ${t("report.asOf", { day: report.asOf })}` }),
      ],
    }),
    ...(report.pilot.coordinatorName ? [new Paragraph({ children: [new TextRun({ text: t("report.print.contact", { name: report.pilot.coordinatorName }) })] })] : []),
    ...report.sections.flatMap((section) => [heading(section.title), ...paragraphsOf(section.contentHtml, nextListInstance, t("report.notWrittenYet"))]),
    heading(t("report.quantitativeHeading")),
    indicatorTable(report.quantitative, t, formattingLocaleOf(report.language)),
    heading(t("report.qualitativeHeading")),
    indicatorTable(report.qualitative, t, formattingLocaleOf(report.language)),
    heading(t("communication.heading")),
    report.communication.length
      ? table(
          [t("communication.columns.no"), t("communication.columns.title"), t("communication.columns.date"), t("communication.columns.outlet")],
          report.communication.map((c) => [String(c.no), c.title, date(c.date), [c.outletName, `(${t(`labels.outletType.${c.outletType}`)})`, c.link].filter(Boolean).join(" ")]),
        )
      : new Paragraph({ children: [new TextRun({ text: t("communication.empty"), italics: true })] }),
    heading(t("evidence.annex.heading")),
    heading(t("evidence.annex.referenceSheets"), HeadingLevel.HEADING_2),
    ...(report.referenceSheets.length
      ? report.referenceSheets.flatMap((sheet) => [
          heading(sheet.indicatorName, HeadingLevel.HEADING_3),
          labelledRows(sheet.fields.map(({ field, value }) => [t(`evidence.reference.${field}`), value])),
        ])
      : [new Paragraph({ children: [new TextRun({ text: t("evidence.annex.noReferenceSheets"), italics: true })] })]),
    heading(t("evidence.annex.items"), HeadingLevel.HEADING_2),
    report.evidenceAnnex.length
      ? table(
          [t("evidence.annex.indicator"), t("evidence.annex.period"), t("evidence.annex.name"), t("evidence.annex.attachedBy"), t("evidence.annex.checkedBy")],
          report.evidenceAnnex.map((e) => [
            e.indicatorName,
            `${e.periodSequence} (${date(e.periodStart)} – ${date(e.periodEnd)})`,
            [e.name, e.description].filter(Boolean).join(" · "),
            `${e.addedBy}, ${date(e.addedAt.slice(0, 10))}`,
            e.checkedBy ? `${e.checkedBy}, ${date((e.checkedAt ?? "").slice(0, 10))}` : t("evidence.annex.notChecked"),
          ]),
        )
      : new Paragraph({ children: [new TextRun({ text: t("evidence.annex.none"), italics: true })] }),
  ];
  const document = new Document({
    creator: "Pilot Monitor",
    title,
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720, hanging: 360 } } } }],
        },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [`${t("report.docx.page")} `, PageNumber.CURRENT, ` ${t("report.docx.of")} `, PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
