ALTER TABLE `indicators` ADD `level_aggregation` text DEFAULT 'latest' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `entry_form` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `whole_numbers` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `delivery` text DEFAULT 'linear' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `milestone_shape` text DEFAULT 'interpolated' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `milestones` text DEFAULT '[]' NOT NULL;