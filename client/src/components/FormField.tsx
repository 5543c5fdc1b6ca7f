import type { InputHTMLAttributes, ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

/** A labelled input whose error is linked to it and announced. */
export function FormField({
  id,
  label,
  error,
  hint,
  registration,
  as = "input",
  children,
  ...inputProps
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  registration: UseFormRegisterReturn;
  as?: "input" | "select" | "textarea";
  children?: ReactNode;
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  const common = { id, "aria-invalid": error ? ("true" as const) : undefined, "aria-describedby": describedBy, ...registration };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {as === "select" ? <select {...common}>{children}</select> : as === "textarea" ? <textarea rows={3} {...common} /> : <input {...inputProps} {...common} />}
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} className="field-error">
        {error ?? ""}
      </p>
    </div>
  );
}
