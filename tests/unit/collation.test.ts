import { describe, expect, it } from "vitest";
import { compareNames, sortByNames } from "../../shared/collation";

const names = ["Zeno", "Émile", "Ada", "Ørsted", "Ángela", "émile", "Ülker", "Pilot 10", "Pilot 2", "Ñandú", "Nora"];

describe("names sort as the reader's language sorts them", () => {
  it("puts accented names with their letter, not after Z, in every language of the app", () => {
    for (const language of ["en", "it", "de", "es"]) {
      const sorted = [...names].sort(compareNames(language));
      expect(sorted.indexOf("Ángela"), language).toBeLessThan(sorted.indexOf("Nora"));
      expect(sorted.indexOf("Émile"), language).toBeLessThan(sorted.indexOf("Nora"));
      expect(sorted.indexOf("Ülker"), language).toBeLessThan(sorted.indexOf("Zeno"));
      expect(sorted.at(-1), language).toBe("Zeno");
      // Numbers inside names as numbers.
      expect(sorted.indexOf("Pilot 2"), language).toBeLessThan(sorted.indexOf("Pilot 10"));
    }
  });

  it("follows the language where languages differ: Spanish sorts Ñ after N, English with it", () => {
    expect(["Ñandú", "Nube", "Oso"].sort(compareNames("es"))).toEqual(["Nube", "Ñandú", "Oso"]);
    expect(["Ñandú", "Nube", "Oso"].sort(compareNames("en"))).toEqual(["Ñandú", "Nube", "Oso"]);
  });

  it("orders by a second name when the first ties, and keeps the list given untouched", () => {
    const pilots = [
      { project: "Ébano", title: "Zona" },
      { project: "Ébano", title: "Área" },
      { project: "Abeto", title: "Zeta" },
    ];
    const sorted = sortByNames(
      pilots,
      "it",
      (p) => p.project,
      (p) => p.title,
    );
    expect(sorted.map((p) => `${p.project}/${p.title}`)).toEqual(["Abeto/Zeta", "Ébano/Área", "Ébano/Zona"]);
    expect(pilots[0]!.title).toBe("Zona");
  });
});
