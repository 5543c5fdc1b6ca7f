CREATE TABLE `pilot_changes` (
	`pilot_id` integer PRIMARY KEY NOT NULL,
	`change_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pilot_changes_seq` ON `pilot_changes` (`change_seq`);