CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`measure` text NOT NULL,
	`cumulation` text DEFAULT 'increments' NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`baseline` real DEFAULT 0 NOT NULL,
	`goal` real NOT NULL,
	`goal_direction` text DEFAULT 'at_least' NOT NULL,
	`goal_text` text DEFAULT '' NOT NULL,
	`scale_min` real,
	`scale_max` real,
	`display_order` integer DEFAULT 0 NOT NULL,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "indicators_scale" CHECK("indicators"."measure" <> 'score' OR ("indicators"."scale_min" IS NOT NULL AND "indicators"."scale_max" > "indicators"."scale_min"))
);
--> statement-breakpoint
CREATE INDEX `indicators_pilot_order` ON `indicators` (`pilot_id`,`display_order`);--> statement-breakpoint
CREATE INDEX `indicators_code` ON `indicators` (`code`);--> statement-breakpoint
CREATE TABLE `pilots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`title` text NOT NULL,
	`partner_organisation` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`reporting_frequency` text NOT NULL,
	`coordinator_name` text DEFAULT '' NOT NULL,
	`coordinator_email` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`is_fictional` integer DEFAULT false NOT NULL,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pilots_dates" CHECK("pilots"."end_date" >= "pilots"."start_date")
);
--> statement-breakpoint
CREATE INDEX `pilots_project` ON `pilots` (`project_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`programme` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`tolerance_percent` real DEFAULT 15 NOT NULL,
	`is_fictional` integer DEFAULT false NOT NULL,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "projects_dates" CHECK("projects"."end_date" >= "projects"."start_date")
);
--> statement-breakpoint
CREATE TABLE `reporting_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reporting_periods_pilot_sequence` ON `reporting_periods` (`pilot_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `reporting_periods_pilot_end` ON `reporting_periods` (`pilot_id`,`end_date`);--> statement-breakpoint
CREATE TABLE `results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`pilot_id` integer NOT NULL,
	`period_sequence` integer NOT NULL,
	`value` real NOT NULL,
	`respondents` integer,
	`numerator` real,
	`denominator` real,
	`comment` text DEFAULT '' NOT NULL,
	`entered_by` text NOT NULL,
	`entered_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`cum_count` integer DEFAULT 0 NOT NULL,
	`cum_value` real DEFAULT 0 NOT NULL,
	`cum_weighted_value` real DEFAULT 0 NOT NULL,
	`cum_respondents` real DEFAULT 0 NOT NULL,
	`cum_with_respondents` integer DEFAULT 0 NOT NULL,
	`cum_numerator` real DEFAULT 0 NOT NULL,
	`cum_denominator` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "results_value_finite" CHECK("results"."value" = "results"."value")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `results_indicator_period` ON `results` (`indicator_id`,`period_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `results_indicator_sequence` ON `results` (`indicator_id`,`period_sequence`);--> statement-breakpoint
CREATE INDEX `results_pilot_sequence` ON `results` (`pilot_id`,`period_sequence`);