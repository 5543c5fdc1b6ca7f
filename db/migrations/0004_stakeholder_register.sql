CREATE TABLE `stakeholder_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stakeholder_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`involved` integer NOT NULL,
	`plans_to_continue` integer NOT NULL,
	`entered_by` text NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`stakeholder_id`) REFERENCES `stakeholders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stakeholder_periods_stakeholder_period` ON `stakeholder_periods` (`stakeholder_id`,`period_id`);--> statement-breakpoint
CREATE INDEX `stakeholder_periods_period` ON `stakeholder_periods` (`period_id`);--> statement-breakpoint
CREATE TABLE `stakeholders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pilot_id` integer NOT NULL,
	`organisation` text NOT NULL,
	`type` text NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`archived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`pilot_id`) REFERENCES `pilots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stakeholders_pilot` ON `stakeholders` (`pilot_id`,`organisation`);--> statement-breakpoint
ALTER TABLE `indicators` ADD `from_stakeholder_register` integer DEFAULT false NOT NULL;