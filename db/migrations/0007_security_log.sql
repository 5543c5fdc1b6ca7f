CREATE TABLE `security_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event` text NOT NULL,
	`user_id` integer,
	`actor_id` integer,
	`email` text,
	`address` text NOT NULL,
	`at` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`last_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_log_at` ON `security_log` (`at`);--> statement-breakpoint
CREATE INDEX `security_log_event_at` ON `security_log` (`event`,`at`);--> statement-breakpoint
CREATE INDEX `security_log_address_event` ON `security_log` (`address`,`event`,`at`);