import { useMutation } from "@tanstack/react-query";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "../../trpc";

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string } | { kind: "needs-name" };

const AUTOSAVE_DELAY_MS = 1000;

interface Props {
  pilotId: number;
  sectionKey: string;
  title: string;
  initialHtml: string;
  initialVersion: number | null;
  authorName: string;
  editable: boolean;
}

/**
 * One narrative section: paragraphs, bold, italic and lists, saved as the coordinator types (a second
 * after the last keystroke). The version each save returns goes with the next, so a colleague's newer
 * save is never overwritten: the server refuses and the message says so.
 */
export function SectionEditor({ pilotId, sectionKey, title, initialHtml, initialVersion, authorName, editable }: Props) {
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
    extensions: [StarterKit.configure({ heading: false, codeBlock: false, code: false, blockquote: false, horizontalRule: false, strike: false, link: false, underline: false })],
    content: initialHtml,
    editorProps: { attributes: { "aria-labelledby": headingId, "aria-multiline": "true", role: "textbox", class: "rich-text" } },
    onUpdate: ({ editor: current }) => {
      pending.current = current.getHTML();
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
          setState({ kind: "saved", at: new Date(saved.updatedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) });
        },
        onError: (error) => setState({ kind: "error", message: error.message }),
      },
    );
  }

  // Leaving the page saves what is still waiting for its second of quiet.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      flush();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const button = (label: string, active: boolean, run: () => void) => (
    <button type="button" className="toolbar-button" aria-pressed={active} onClick={run} disabled={!editor}>
      {label}
    </button>
  );

  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="editor-toolbar" role="toolbar" aria-label={`Formatting for ${title}`} hidden={!editable}>
        {button("Bold", marks?.bold ?? false, () => editor?.chain().focus().toggleBold().run())}
        {button("Italic", marks?.italic ?? false, () => editor?.chain().focus().toggleItalic().run())}
        {button("• List", marks?.bulletList ?? false, () => editor?.chain().focus().toggleBulletList().run())}
        {button("1. List", marks?.orderedList ?? false, () => editor?.chain().focus().toggleOrderedList().run())}
      </div>
      <EditorContent editor={editor} />
      <p className={`save-state save-state-${state.kind}`} role="status" aria-live="polite">
        {state.kind === "saving" && "Saving…"}
        {state.kind === "saved" && `Saved at ${state.at}`}
        {state.kind === "needs-name" && "Sign in to save your changes."}
        {state.kind === "error" && `Not saved: ${state.message}`}
      </p>
    </section>
  );
}
