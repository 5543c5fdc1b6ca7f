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
export function unsubscribeRoutes(app: Express, db: AppDatabase) {
  app.post("/unsubscribe/:token", express.urlencoded({ extended: false, limit: "1kb" }), (req, res) => {
    const token = String(req.params.token);
    const read = readUnsubscribeToken(db, token);
    const language = read ? (db.select({ language: users.language }).from(users).where(eq(users.id, read.userId)).get()?.language ?? "en") : "en";
    if (req.body?.["List-Unsubscribe"] !== "One-Click") {
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
