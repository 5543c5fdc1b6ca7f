/**
 * What text may hold, the same rule at every door (forms, API, import): docs/decisions/014-text-at-the-door.md.
 *
 * Noncharacters and lone surrogates are not allowed in XML at all, so one of them in any text makes every
 * XLSX and DOCX that carries it malformed (and the app could not read its own workbook back). Control
 * characters other than tab and line breaks are invisible and break exports as well. Bidirectional
 * override and isolate controls make a name or a link read differently from what it is (a spoofed address),
 * so they are refused where a person relies on what they see to identify something: names, emails, links.
 */

export type ForbiddenCharacter = "controlCharacters" | "noncharacters" | "loneSurrogates" | "bidiControls";

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/** U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE … U+10FFFF). */
export function isNoncharacter(codePoint: number): boolean {
  return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
}

function hasNoncharacterOrLoneSurrogate(value: string): ForbiddenCharacter | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return "loneSurrogates";
      if (isNoncharacter(value.codePointAt(i)!)) return "noncharacters";
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return "loneSurrogates";
    else if (isNoncharacter(unit)) return "noncharacters";
  }
  return null;
}

export interface TextRuleOptions {
  /** A name, email or link: bidirectional controls are refused as well. */
  identifying: boolean;
}

/** The first kind of character the text may not hold, or null when it is fine. */
export function forbiddenCharacterIn(value: string, options: TextRuleOptions): ForbiddenCharacter | null {
  if (CONTROL_CHARACTERS.test(value)) return "controlCharacters";
  const broken = hasNoncharacterOrLoneSurrogate(value);
  if (broken) return broken;
  if (options.identifying && BIDI_CONTROLS.test(value)) return "bidiControls";
  return null;
}

/** The catalogue key of the message that says what to remove. */
export function forbiddenCharacterMessageKey(kind: ForbiddenCharacter): `validation.${ForbiddenCharacter}` {
  return `validation.${kind}`;
}
