import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { callerAs, callerFor, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterEach(() => testDb.cleanup());

async function lusernaId(caller: ReturnType<typeof callerFor>) {
  return (await caller.portfolio.summary()).pilots.find((p) => p.title.includes("CASA"))!.id;
}

/** The visible text of a Word document, paragraph by paragraph, and its tables cell by cell. */
async function readDocx(bytes: ArrayBuffer) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const footers = await Promise.all(zip.file(/word\/footer\d*\.xml/).map((f) => f.async("string")));
  const unescapeXml = (xmlText: string) => xmlText.replaceAll("&quot;", '"').replaceAll("&apos;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  const text = (fragment: string) => unescapeXml([...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join(""));
  // A cell's paragraphs, one a line, as the report writes them (figure, then % of goal and status).
  const cellText = (fragment: string) => [...fragment.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((p) => text(p[1]!)).join("\n");
  const rowsOf = (table: string) => [...table.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) => row[1]!);
  const tableXml = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) => table[1]!);
  // The rows of figures; a row that holds a drawing is an indicator's chart (read apart, in `charts`).
  const tables = tableXml.map((table) =>
    rowsOf(table)
      .filter((row) => !row.includes("<w:drawing>"))
      .map((row) => [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => cellText(c[1]!))),
  );
  // Each chart row: the alt text of its picture (wp:docPr descr), the picture's file and the caption under it.
  const charts = tableXml.map((table) =>
    rowsOf(table)
      .filter((row) => row.includes("<w:drawing>"))
      .map((row) => ({
        descr: unescapeXml(/<wp:docPr [^>]*descr="([^"]*)"/.exec(row)?.[1] ?? ""),
        imageId: /r:embed="([^"]+)"/.exec(row)?.[1] ?? "",
        caption: cellText(row),
      })),
  );
  const media = Object.keys(zip.files).filter((name) => name.startsWith("word/media/"));
  const mediaBytes = await Promise.all(media.map((name) => zip.file(name)!.async("nodebuffer")));
  return { xml, footers, tables, charts, media: mediaBytes, allText: text(xml) };
}

describe("the pilot final report", () => {
  it("is complete for Luserna out of the box: narrative sections, both indicator tables, four communication entries", async () => {
    const caller = callerFor(testDb.db);
    const report = await caller.reports.finalReport({ pilotId: await lusernaId(caller) });
    expect(report.sections.map((s) => s.key)).toEqual(["1", "2", "3a", "3b", "3c", "3d", "4"]);
    expect(report.sections.every((s) => s.contentHtml.length > 100)).toBe(true);
    expect(report.quantitative).toHaveLength(7);
    expect(report.qualitative).toHaveLength(4);
    expect(report.communication.map((c) => [c.no, c.date])).toEqual([
      [1, "2020-01-22"],
      [2, "2020-10-04"],
      [3, "2021-04-16"],
      [4, "2021-07-30"],
    ]);
  });

  it("downloads as a DOCX with both indicator tables and the communication log as real Word tables", { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    try {
      const caller = callerFor(server.db);
      const pilotId = await lusernaId(caller);
      const cookie = await signInCookie(server.baseUrl, server.db, DEMO_ACCOUNTS.evaluator);
      const response = await fetch(`${server.baseUrl}/api/exports/pilots/${pilotId}/final-report.docx`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("wordprocessingml");
      const { tables, allText, footers } = await readDocx(await response.arrayBuffer());
      expect(tables).toHaveLength(3);
      const [quantitative, qualitative, communication] = tables as [string[][], string[][], string[][]];
      expect(quantitative[0]).toEqual(["Indicator", "Original goal", "Current result", "Comments"]);
      expect(quantitative).toHaveLength(8);
      expect(quantitative[1]).toEqual(["Number of tutoring hours for helpdesk operators/organizations", "at least 400 hours", "405 hours\n101.25% of goal · Achieved", ""]);
      expect(quantitative.find((r) => r[0] === "Number of tutoring hours for migrants")!.slice(1, 3)).toEqual(["at least 230 hours", "225 hours\n97.83% of goal · At risk"]);
      expect(quantitative.find((r) => r[0]!.startsWith("Number of migrants who are informed"))![3]).toContain("guarantee funds");
      expect(qualitative).toHaveLength(5);
      expect(qualitative.find((r) => r[0] === "Helpdesk operators' satisfaction by tutoring")!.slice(1, 3)).toEqual([
        // The number the % of goal is measured against, with the score's scale, and under it the goal as the pilot wrote it.
        "at least 8 average grade (1–10)\nAs written: Average grade = 8 (on the scale from 1 to 10)",
        "8.6 average grade (1–10)\n107.5% of goal · Achieved",
      ]);
      expect(qualitative.find((r) => r[0]!.startsWith("Level of"))![2]).toBe("65.22% (≈45–81%)\n108.7% of goal · Achieved");
      expect(communication).toHaveLength(5);
      expect(communication[0]).toEqual(["No.", "Title", "Date", "Newspaper/Journal, Radio, TV"]);
      expect(communication.slice(1).map((r) => [r[0], r[2]])).toEqual([
        ["1", "22/01/2020"],
        ["2", "04/10/2020"],
        ["3", "16/04/2021"],
        ["4", "30/07/2021"],
      ]);
      expect(communication[1]![1]).toBe("Arrival Regions si presenta");
      expect(communication[1]![3]).toContain("L'Eco del Chisone");
      expect(allText).toContain("Difficulty in involving some public bodies");
      expect(allText).toContain("4. Future development of the pilot action in your region");
      // The annex closes the document; the demo pilot has no reference sheet and no evidence yet.
      expect(allText).toContain("Annex: evidenceIndicator reference sheetsNo reference sheet saved.Evidence attachedNo evidence attached.");
      expect(footers.join("")).toMatch(/PAGE/); // the page-number field
      expect(footers.join("")).toContain("Page ");
    } finally {
      await server.stop();
    }
  });

  it("draws each indicator's progress chart under its row: a PNG with the chart in words as alt text and caption, in the reader's language", { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    try {
      const caller = callerFor(server.db);
      const fictionalId = (await caller.portfolio.summary()).pilots.find((p) => p.isFictional)!.id;
      const cookie = await signInCookie(server.baseUrl, server.db, DEMO_ACCOUNTS.evaluator);
      for (const language of ["en", "it"]) {
        const response = await fetch(`${server.baseUrl}/api/exports/pilots/${fictionalId}/final-report.docx?lang=${language}`, { headers: { cookie } });
        expect(response.status).toBe(200);
        const { tables, charts, media } = await readDocx(await response.arrayBuffer());
        const [quantitative, qualitative] = tables as [string[][], string[][]];
        const names = [...quantitative.slice(1), ...qualitative.slice(1)].map((row) => row[0]!);
        const drawn = [...charts[0]!, ...charts[1]!];
        // One picture per indicator, in the indicators' order, each named by its chart in words.
        expect(drawn).toHaveLength(names.length);
        expect(names.length).toBeGreaterThan(3);
        drawn.forEach((chart, index) => {
          expect(chart.descr.startsWith(`${names[index]}:`) || chart.descr.includes(names[index]!), `${language}: the alt text of ${names[index]}`).toBe(true);
          expect(chart.caption.trim()).toBe(chart.descr);
          expect(chart.imageId).not.toBe("");
        });
        expect(new Set(drawn.map((c) => c.imageId)).size).toBe(names.length);
        expect(media).toHaveLength(names.length);
        for (const png of media) expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const hours = drawn.find((c) => c.descr.startsWith("Hours of language courses delivered"))!;
        if (language === "en") expect(hours.descr).toMatch(/^Hours of language courses delivered: Quarter 1 \(.+\) \d+; .*Expected by the end: 480\.$/);
        else {
          expect(hours.descr).toMatch(/^Hours of language courses delivered: Trimestre 1 \(.+\) \d+; .*Atteso a fine pilota: 480\.$/);
          expect(drawn.map((c) => c.descr).join(" ")).not.toMatch(/Quarter \d|Expected by the end/);
        }
      }
    } finally {
      await server.stop();
    }
  });

  it("writes the Word export's headings, table headers, figures and dates in the reader's language, and the pilot's words as written", { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    try {
      const pilotId = await lusernaId(callerFor(server.db));
      const cookie = await signInCookie(server.baseUrl, server.db, DEMO_ACCOUNTS.evaluator);
      const download = async (language: string) => {
        // A download opened by a link names no page language: the browser's Accept-Language decides.
        const response = await fetch(`${server.baseUrl}/api/exports/pilots/${pilotId}/final-report.docx`, { headers: { cookie, "accept-language": `${language},en;q=0.5` } });
        expect(response.status).toBe(200);
        return readDocx(await response.arrayBuffer());
      };
      const italian = await download("it");
      const [quantitative, qualitative, communication] = italian.tables as [string[][], string[][], string[][]];
      expect(italian.allText).toContain("Relazione finale dell'azione pilota: HOME");
      expect(italian.allText).toContain("4. Sviluppo futuro dell'azione pilota nella vostra regione");
      expect(italian.allText).toContain("4a. Avanzamento degli indicatori quantitativi");
      expect(italian.allText).toContain("4e. Attività di comunicazione");
      expect(italian.allText).not.toContain("Future development of the pilot action");
      expect(quantitative[0]).toEqual(["Indicatore", "Obiettivo iniziale", "Risultato attuale", "Commenti"]);
      expect(communication[0]).toEqual(["N.", "Titolo", "Data", "Giornale/Rivista, Radio, TV"]);
      // Figures in the Italian way; goals the pilot wrote, names and units stay as written.
      expect(quantitative.find((r) => r[0] === "Number of tutoring hours for migrants")!.slice(1, 3)).toEqual([
        "almeno 230 hours",
        "225 hours\n97,83\u00a0% dell'obiettivo · A rischio",
      ]);
      expect(qualitative.find((r) => r[0]!.startsWith("Level of"))![2]).toBe("65,22\u00a0% (≈45–81\u00a0%)\n108,7\u00a0% dell'obiettivo · Raggiunto");
      expect(qualitative.find((r) => r[0] === "Helpdesk operators' satisfaction by tutoring")!.slice(1, 3)).toEqual([
        "almeno 8 average grade (1–10)\nCome scritto: Average grade = 8 (on the scale from 1 to 10)",
        "8,6 average grade (1–10)\n107,5\u00a0% dell'obiettivo · Raggiunto",
      ]);
      expect(communication[1]!.slice(1, 4)).toEqual(["Arrival Regions si presenta", "22/01/2020", expect.stringContaining("(Giornale/Rivista)")]);
      expect(italian.allText).toContain("Difficulty in involving some public bodies");
      expect(italian.footers.join("")).toContain("Pagina ");

      const german = await download("de");
      expect(german.allText).toContain("4. Künftige Entwicklung der Pilotmaßnahme in Ihrer Region");
      expect((german.tables[0] as string[][])[0]).toEqual(["Indikator", "Ursprüngliches Ziel", "Aktuelles Ergebnis", "Kommentare"]);
      expect((german.tables[2] as string[][])[1]![2]).toBe("22.01.2020");
    } finally {
      await server.stop();
    }
  });

  it("labels each comment with its period in the reader's language, in the page data and in the DOCX", { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    try {
      const pilotId = (await callerFor(server.db).portfolio.summary()).pilots.find((p) => p.title.includes("Valley Welcome Desk"))!.id;
      const cookie = await signInCookie(server.baseUrl, server.db, DEMO_ACCOUNTS.evaluator);
      const response = await fetch(`${server.baseUrl}/api/exports/pilots/${pilotId}/final-report.docx?lang=it`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const italian = await readDocx(await response.arrayBuffer());
      const comments = italian.tables
        .slice(0, 2)
        .flatMap((table) => table.slice(1).map((row) => row[3]!))
        .filter((c) => c !== "");
      expect(comments.length).toBeGreaterThan(0);
      for (const comment of comments) expect(comment).toMatch(/^Trimestre \d+ \(/);
      expect(italian.allText).not.toMatch(/Quarter \d|Whole pilot|of goal|at least/);

      const input = encodeURIComponent(JSON.stringify({ pilotId }));
      const page = await fetch(`${server.baseUrl}/api/trpc/reports.finalReport?input=${input}`, { headers: { cookie, "x-pilot-monitor-language": "it" } });
      const report = (await page.json()).result.data as { quantitative: { comments: string }[] };
      expect(JSON.stringify(report.quantitative)).not.toMatch(/Quarter \d/);
      expect(report.quantitative.some((row) => row.comments.startsWith("Trimestre "))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("refuses in the reader's language over HTTP, and in English to a direct caller", async () => {
    const caller = callerFor(testDb.db);
    await expect(caller.reports.finalReport({ pilotId: 9999 })).rejects.toThrow("The pilot was not found.");
    const server = await startTestServer();
    try {
      const cookie = await signInCookie(server.baseUrl, server.db, DEMO_ACCOUNTS.administrator);
      const input = encodeURIComponent(JSON.stringify({ pilotId: 9999 }));
      const response = await fetch(`${server.baseUrl}/api/trpc/reports.finalReport?input=${input}`, { headers: { cookie, "x-pilot-monitor-language": "it" } });
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toContain("L'azione pilota non è stata trovata.");
    } finally {
      await server.stop();
    }
  });

  it("stores only the allowed formatting, whatever the editor sends", async () => {
    const caller = callerFor(testDb.db);
    const pilotId = await lusernaId(caller);
    const section = (await caller.reports.finalReport({ pilotId })).sections.find((s) => s.key === "3d")!;
    const saved = await caller.reports.saveSection({
      pilotId,
      sectionKey: "3d",
      expectedVersion: section.version,
      updatedBy: "Remy",
      contentHtml: `<p onclick="steal()">Easily <strong>transferable</strong><script>alert(1)</script></p><ul><li><a href="javascript:x">link</a> text</li></ul><img src=x onerror=alert(1)><style>p{}</style>`,
    });
    expect(saved.contentHtml).toBe("<p>Easily <strong>transferable</strong></p><ul><li>link text</li></ul>");
    expect((await caller.reports.finalReport({ pilotId })).sections.find((s) => s.key === "3d")!.contentHtml).toBe(saved.contentHtml);
  });

  it("refuses a draft based on an older version, naming who saved last, and changes nothing", async () => {
    const caller = callerFor(testDb.db);
    const pilotId = await lusernaId(caller);
    const opened = (await caller.reports.finalReport({ pilotId })).sections.find((s) => s.key === "4")!;
    const coordinator = callerAs(testDb.db, DEMO_ACCOUNTS.lusernaCoordinator);
    const coordinatorName = (await coordinator.auth.me())!.name;
    await coordinator.reports.saveSection({ pilotId, sectionKey: "4", expectedVersion: opened.version, updatedBy: "ignored", contentHtml: "<p>The coordinator's text</p>" });
    const before = databaseChecksum(testDb.db);
    await expect(
      caller.reports.saveSection({ pilotId, sectionKey: "4", expectedVersion: opened.version, updatedBy: "ignored", contentHtml: "<p>A stale draft</p>" }),
    ).rejects.toThrow(`${coordinatorName} saved this section`);
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("keeps a communication log: add, correct with a version, archive", async () => {
    const caller = callerFor(testDb.db);
    const pilotId = await lusernaId(caller);
    const { id } = await caller.reports.addCommunication({
      pilotId,
      title: "Radio interview",
      date: "2021-08-01",
      outletType: "radio",
      outletName: "Radio Beckwith",
      link: "https://example.org/interview",
    });
    let log = (await caller.reports.finalReport({ pilotId })).communication;
    expect(log.at(-1)).toMatchObject({ no: 5, title: "Radio interview", outletType: "radio" });
    await caller.reports.updateCommunication({
      id,
      version: 1,
      fields: { pilotId, title: "Radio interview on CASA", date: "2021-08-01", outletType: "radio", outletName: "Radio Beckwith", link: "" },
    });
    await expect(
      caller.reports.updateCommunication({ id, version: 1, fields: { pilotId, title: "Stale", date: "2021-08-01", outletType: "radio", outletName: "", link: "" } }),
    ).rejects.toThrow(/Someone else changed/);
    await expect(
      caller.reports.addCommunication({ pilotId, title: "Bad link", date: "2021-08-01", outletType: "web", outletName: "", link: "javascript:alert(1)" }),
    ).rejects.toThrow(/webAddress/);
    await caller.reports.setCommunicationArchived({ id, archived: true });
    log = (await caller.reports.finalReport({ pilotId })).communication;
    expect(log).toHaveLength(4);
  });
});
