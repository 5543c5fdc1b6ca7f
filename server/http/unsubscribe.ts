import express, { type Express } from "express";
import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { translate } from "../i18n";
import { confirmUnsubscribe } from "../notices/unsubscribeAction";
import { readUnsubscribeToken } from "../notices/unsubscribe";

/*
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the link of the
 * e-mail's List-Unsubscribe header. The same address opened in a browser (GET) is the client's page,
 * which asks before changing anything, so a scanner following links turns nothing off.
 */
/** RFC 8058's body, form-encoded (as most mail clients send it) or as a multipart form (the RFC's example). */
function isOneClick(body: string): boolean {
  if (new URLSearchParams(body.trim()).get("List-Unsubscribe") === "One-Click") return true;
  return /name="?List-Unsubscribe"?\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/i.test(body);
}

export function unsubscribeRoutes(app: Express, db: AppDatabase) {
  app.post("/unsubscribe/:token", express.text({ type: () => true, limit: "2kb" }), (req, res) => {
    const token = String(req.params.token);
    const read = readUnsubscribeToken(db, token);
    const language = read ? (db.select({ language: users.language }).from(users).where(eq(users.id, read.userId)).get()?.language ?? "en") : "en";
    if (!isOneClick(typeof req.body === "string" ? req.body : "")) {
      res
        .status(400)
        .type("text/plain")
        .send(translate(language, message("notices.oneClickOnly")));
      return;
    }
    const done = read ? confirmUnsubscribe(db, token) : null;
    if (!done) {
      res
        .status(404)
        .type("text/plain")
        .send(translate(language, message("notices.unsubscribeInvalid")));
      return;
    }
    res
      .status(200)
      .type("text/plain")
      .send(translate(language, message("notices.unsubscribed")));
  });
}
