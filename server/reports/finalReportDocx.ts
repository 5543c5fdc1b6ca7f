import { AlignmentType, Document, Footer, HeadingLevel, LevelFormat, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { outletTypeLabels } from "../../shared/domain";
import type { FinalReport, ReportIndicatorRow } from "./finalReport";

/*
 * The pilot final report as a Word document: headings, the narrative sections (from their sanitised
 * HTML: paragraphs, bold, italic, lists), real Word tables for 4a, 4b and 4e, and page numbers.
 */

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
function paragraphsOf(html: string, nextListInstance: () => number): Paragraph[] {
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
          element.name === "ul"
            ? new Paragraph({ children, bullet: { level: 0 } })
            : new Paragraph({ children, numbering: { reference: NUMBERED, level: 0, instance } }),
        );
      }
    } else {
      blocks.push(new Paragraph({ children: runsOf(element.children), spacing: { after: 120 } }));
    }
  }
  return blocks.length ? blocks : [new Paragraph({ children: [new TextRun({ text: "(not written yet)", italics: true })] })];
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

function indicatorTable(rows: ReportIndicatorRow[]): Table | Paragraph {
  if (rows.length === 0) return new Paragraph({ children: [new TextRun({ text: "No indicators of this kind.", italics: true })] });
  return table(
    ["Indicator", "Original goal", "Current result", "Comments"],
    rows.map((row) => [row.name, row.goalText, row.currentText, row.comments]),
  );
}

export async function finalReportDocx(report: FinalReport): Promise<Buffer> {
  let listInstances = 0;
  const nextListInstance = () => ++listInstances;
  const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) => new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
  const children = [
    new Paragraph({ text: `Pilot final report: ${report.pilot.title}`, heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: `${report.pilot.projectName}${report.pilot.programme ? ` · ${report.pilot.programme}` : ""}` })] }),
    new Paragraph({ children: [new TextRun({ text: `Project partner: ${report.pilot.partnerOrganisation || "–"} · ${report.pilot.location || ""} ${report.pilot.country || ""}`.trim() })] }),
    new Paragraph({ children: [new TextRun({ text: `Pilot action: ${report.pilot.startDate} to ${report.pilot.endDate} · Indicators as at ${report.asOf}` })] }),
    ...(report.pilot.coordinatorName ? [new Paragraph({ children: [new TextRun({ text: `Contact person: ${report.pilot.coordinatorName}` })] })] : []),
    ...report.sections.flatMap((section) => [heading(section.title), ...paragraphsOf(section.contentHtml, nextListInstance)]),
    heading("4a. Progress on quantitative indicators"),
    indicatorTable(report.quantitative),
    heading("4b. Progress on qualitative indicators"),
    indicatorTable(report.qualitative),
    heading("4e. Communication activities"),
    report.communication.length
      ? table(
          ["No.", "Title", "Date", "Newspaper/Journal, Radio, TV"],
          report.communication.map((c) => [String(c.no), c.title, c.date, [c.outletName, `(${outletTypeLabels[c.outletType]})`, c.link].filter(Boolean).join(" ")]),
        )
      : new Paragraph({ children: [new TextRun({ text: "No communication activities recorded.", italics: true })] }),
  ];
  const document = new Document({
    creator: "Pilot Monitor",
    title: `Pilot final report: ${report.pilot.title}`,
    numbering: {
      config: [{ reference: NUMBERED, levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720, hanging: 360 } } } }] }],
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
