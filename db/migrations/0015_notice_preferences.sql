CREATE TABLE `notice_preferences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`delivery` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_preferences_user_kind` ON `notice_preferences` (`user_id`,`kind`);--> statement-breakpoint
ALTER TABLE `notices` ADD `digest` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `digest_notice_id` integer;--> statement-breakpoint
CREATE INDEX `notices_digest` ON `notices` (`digest`,`recipient_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `unsubscribe_key` text;