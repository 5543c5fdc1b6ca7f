import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { OneTimeLinkPasswordPage } from "../components/OneTimeLinkPasswordPage";
import { useTRPC } from "../trpc";

/** Where a password-reset link opens: the person chooses a new password and is signed in (everywhere else out). */
export function ResetPasswordPage() {
  const token = useParams().token ?? "";
  const { t } = useTranslation();
  const trpc = useTRPC();
  const preview = useQuery(trpc.people.resetLinkPreview.queryOptions({ token }));
  const reset = useMutation(trpc.people.resetWithLink.mutationOptions());
  return (
    <OneTimeLinkPasswordPage
      token={token}
      idPrefix="reset"
      words={{
        heading: t("people.resetHeading"),
        checking: t("people.checkingResetLink"),
        invalid: t("people.resetLinkInvalid"),
        passwordLabel: t("people.newPassword"),
        submit: t("people.resetSubmit"),
      }}
      preview={preview}
      introduction={(link) => t("people.resetText", { name: link.name, email: link.email })}
      save={reset}
    />
  );
}
