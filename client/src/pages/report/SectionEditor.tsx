import { useMutation } from "@tanstack/react-query";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import Bold from "@tiptap/extension-bold";
import Document from "@tiptap/extension-document";
import HardBreak from "@tiptap/extension-hard-break";
import Italic from "@tiptap/extension-italic";
import { BulletList, ListItem, ListKeymap, OrderedList } from "@tiptap/extension-list";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { Dropcursor, Gapcursor, TrailingNode, UndoRedo } from "@tiptap/extensions";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../i18n/useFormatters";
import { useTRPC } from "../../trpc";

/** "waiting": typed, within the second of quiet before the save. Every kind but idle and saved holds unsaved text. */
type SaveState = { kind: "idle" } | { kind: "waiting" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string } | { kind: "needs-name" };

const AUTOSAVE_DELAY_MS = 1000;

/**
 * What a narrative section may hold: paragraphs, bold, italic and lists (the server's sanitiser keeps the same).
 * Named one by one rather than a starter kit with most of it switched off, which still bundled them all.
 */
const sectionExtensions = [Document, Paragraph, Text, Bold, Italic, HardBreak, BulletList, OrderedList, ListItem, ListKeymap, Dropcursor, Gapcursor, TrailingNode, UndoRedo];

interface Props {
  pilotId: number;
  sectionKey: string;
  title: string;
  initialHtml: string;
  initialVersion: number | null;
  authorName: string;
  editable: boolean;
  /** Whether the section holds text not yet saved, for the page's warning before leaving. */
  onUnsavedChange: (unsaved: boolean) => void;
}

/**
 * One narrative section: paragraphs, bold, italic and lists, saved as the coordinator types (a second
 * after the last keystroke). The version each save returns goes with the next, so a colleague's newer
 * save is never overwritten: the server refuses and the message says so.
 */
export function SectionEditor({ pilotId, sectionKey, title, initialHtml, initialVersion, authorName, editable, onUnsavedChange }: Props) {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const version = useRef(initialVersion);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const save = useMutation(trpc.reports.saveSection.mutationOptions());
  const headingId = `section-${sectionKey}-heading`;

  const editor = useEditor({
    // The app's Content-Security-Policy allows no inline <style>: the editor's few rules are in styles.css.
    injectCSS: false,
    editable,
    extensions: sectionExtensions,
    content: initialHtml,
    editorProps: { attributes: { "aria-labelledby": headingId, "aria-multiline": "true", role: "textbox", class: "rich-text" } },
    onUpdate: ({ editor: current }) => {
      pending.current = current.getHTML();
      setState((previous) => (previous.kind === "waiting" ? previous : { kind: "waiting" }));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, AUTOSAVE_DELAY_MS);
    },
  });
  const marks = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive("bold") ?? false,
      italic: current?.isActive("italic") ?? false,
      bulletList: current?.isActive("bulletList") ?? false,
      orderedList: current?.isActive("orderedList") ?? false,
    }),
  });

  function flush() {
    timer.current = null;
    if (pending.current === null) return;
    const html = pending.current;
    pending.current = null;
    persist(html);
  }

  function persist(html: string) {
    if (!authorName.trim()) {
      setState({ kind: "needs-name" });
      return;
    }
    setState({ kind: "saving" });
    save.mutate(
      { pilotId, sectionKey: sectionKey as never, expectedVersion: version.current, contentHtml: html, updatedBy: authorName.trim() },
      {
        onSuccess: (saved) => {
          version.current = saved.version;
          // A keystroke during the save leaves new text waiting; its own save will report.
          if (pending.current === null) setState({ kind: "saved", at: saved.updatedAt });
        },
        onError: (error) => setState({ kind: "error", message: error.message }),
      },
    );
  }

  const unsaved = !(state.kind === "idle" || state.kind === "saved");
  useEffect(() => onUnsavedChange(unsaved), [unsaved, onUnsavedChange]);

  // Leaving the page saves what is still waiting for its second of quiet.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on leaving the page, with the latest flush.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      flush();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  // The visible label may be short ("• List"); the name read out and shown on hover says it in full.
  const button = (label: string, name: string, active: boolean, run: () => void) => (
    <button type="button" className="toolbar-button" aria-pressed={active} aria-label={name} title={name} onClick={run} disabled={!editor}>
      {label}
    </button>
  );
  const savedTime = (iso: string) => new Date(iso).toLocaleTimeString(f.locale, { hour: "2-digit", minute: "2-digit" });

  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {/* Rendered only for people who may write: the `hidden` attribute loses to the toolbar's display: flex. */}
      {editable && (
        <div className="editor-toolbar" role="toolbar" aria-label={t("report.editor.toolbar", { section: title })}>
          {button(t("report.editor.bold"), t("report.editor.bold"), marks?.bold ?? false, () => editor?.chain().focus().toggleBold().run())}
          {button(t("report.editor.italic"), t("report.editor.italic"), marks?.italic ?? false, () => editor?.chain().focus().toggleItalic().run())}
          {button(t("report.editor.bulletList"), t("report.editor.bulletListName"), marks?.bulletList ?? false, () => editor?.chain().focus().toggleBulletList().run())}
          {button(t("report.editor.orderedList"), t("report.editor.orderedListName"), marks?.orderedList ?? false, () => editor?.chain().focus().toggleOrderedList().run())}
        </div>
      )}
      {editable || initialHtml.trim() !== "" ? <EditorContent editor={editor} /> : <p className="muted">{t("report.notWrittenYet")}</p>}
      <p className={`save-state save-state-${state.kind}`} role="status" aria-live="polite">
        {state.kind === "saving" && t("report.editor.saving")}
        {state.kind === "saved" && t("report.editor.savedAt", { time: savedTime(state.at) })}
        {state.kind === "needs-name" && t("report.editor.needsName")}
        {state.kind === "error" && t("report.editor.notSaved", { reason: state.message })}
      </p>
    </section>
  );
}
