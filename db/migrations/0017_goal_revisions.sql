CREATE TABLE `indicator_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`field` text NOT NULL,
	`before` text NOT NULL,
	`after` text NOT NULL,
	`reason_code` text NOT NULL,
	`reason_text` text NOT NULL,
	`author_id` integer,
	`author_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_revisions_indicator` ON `indicator_revisions` (`indicator_id`,`id`);