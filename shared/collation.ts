/**
 * Names (people, projects, pilots) sorted as the reader's language sorts them: "Ángela" with the A's and
 * "Émile" with the E's, never after "Z" as a comparison of code points puts them. One compare function
 * for the page and the server, so that a list reads in the same order in both (docs/decisions/021).
 */
const collators = new Map<string, Intl.Collator>();

function collatorFor(language: string): Intl.Collator {
  let collator = collators.get(language);
  if (!collator) {
    // Case and accents count only to break a tie; numbers inside names count as numbers ("Pilot 2" before "Pilot 10").
    collator = new Intl.Collator(language, { sensitivity: "variant", numeric: true });
    collators.set(language, collator);
  }
  return collator;
}

/** Compares two names in the reader's language (for Array.prototype.sort). */
export function compareNames(language: string): (a: string, b: string) => number {
  const collator = collatorFor(language);
  return (a, b) => collator.compare(a, b);
}

/** A copy of the list ordered by one or more names of each item, in the reader's language (the first name first). */
export function sortByNames<T>(items: readonly T[], language: string, ...namesOf: ((item: T) => string)[]): T[] {
  const compare = compareNames(language);
  return [...items].sort((a, b) => {
    for (const nameOf of namesOf) {
      const order = compare(nameOf(a), nameOf(b));
      if (order !== 0) return order;
    }
    return 0;
  });
}
