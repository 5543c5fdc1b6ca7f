CREATE TABLE `indicator_contributions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`programme_indicator_id` integer NOT NULL,
	`rule` text NOT NULL,
	`removed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_indicator_id`) REFERENCES `programme_indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_contributions_indicator_programme` ON `indicator_contributions` (`indicator_id`,`programme_indicator_id`);--> statement-breakpoint
CREATE INDEX `indicator_contributions_programme` ON `indicator_contributions` (`programme_indicator_id`);--> statement-breakpoint
CREATE TABLE `programme_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`unit` text NOT NULL,
	`definition` text DEFAULT '' NOT NULL,
	`measurement_time` text DEFAULT 'during' NOT NULL,
	`aggregation` text DEFAULT 'sum' NOT NULL,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_indicators_code` ON `programme_indicators` (lower("code"));--> statement-breakpoint
CREATE TABLE `project_programme_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`programme_indicator_id` integer NOT NULL,
	`target` real NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_indicator_id`) REFERENCES `programme_indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `project_programme_targets_project_indicator` ON `project_programme_targets` (`project_id`,`programme_indicator_id`);