CREATE TABLE `evidence_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`checked_by_id` integer,
	`checked_by` text NOT NULL,
	`checked_at` text NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_checks_period_indicator` ON `evidence_checks` (`period_id`,`indicator_id`);--> statement-breakpoint
CREATE TABLE `evidence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`file_name` text,
	`content_type` text,
	`size_bytes` integer,
	`sha256` text,
	`url` text,
	`added_by_id` integer,
	`added_by` text NOT NULL,
	`added_at` text NOT NULL,
	`removed_at` text,
	`removed_by` text,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "evidence_items_kind" CHECK(("evidence_items"."kind" = 'file' AND "evidence_items"."sha256" IS NOT NULL AND "evidence_items"."url" IS NULL) OR ("evidence_items"."kind" = 'link' AND "evidence_items"."url" IS NOT NULL AND "evidence_items"."sha256" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `evidence_items_period` ON `evidence_items` (`period_id`,`indicator_id`);--> statement-breakpoint
CREATE INDEX `evidence_items_sha` ON `evidence_items` (`sha256`);--> statement-breakpoint
CREATE TABLE `indicator_references` (
	`indicator_id` integer PRIMARY KEY NOT NULL,
	`definition` text DEFAULT '' NOT NULL,
	`data_source` text DEFAULT '' NOT NULL,
	`collection_method` text DEFAULT '' NOT NULL,
	`collection_frequency` text DEFAULT '' NOT NULL,
	`responsible` text DEFAULT '' NOT NULL,
	`means_of_verification` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `period_reports` ADD `evidence_note` text DEFAULT '' NOT NULL;