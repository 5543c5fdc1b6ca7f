import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { OneTimeLinkPasswordPage } from "../components/OneTimeLinkPasswordPage";
import { useTRPC } from "../trpc";

/** Where an invitation link opens: the person chooses a password and is signed in, with the role waiting. */
export function InvitationPage() {
  const token = useParams().token ?? "";
  const { t } = useTranslation();
  const trpc = useTRPC();
  const preview = useQuery(trpc.invitations.preview.queryOptions({ token }));
  const accept = useMutation(trpc.invitations.accept.mutationOptions());
  return (
    <OneTimeLinkPasswordPage
      token={token}
      idPrefix="invitation"
      words={{
        heading: t("people.acceptHeading"),
        checking: t("people.checking"),
        invalid: t("people.invitationInvalid"),
        passwordLabel: t("people.password"),
        submit: t("people.accept"),
      }}
      preview={preview}
      introduction={(invitation) =>
        t("people.acceptText", {
          name: invitation.name,
          role: t(`labels.role.${invitation.role}`),
          pilot: invitation.pilotTitle ?? "",
          email: invitation.email,
        })
      }
      save={accept}
    />
  );
}
