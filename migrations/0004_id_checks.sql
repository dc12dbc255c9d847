CREATE TABLE `id_checks` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `id_checks_by_booking` ON `id_checks` (`booking_id`,`at`);--> statement-breakpoint
CREATE INDEX `id_checks_by_cohort` ON `id_checks` (`cohort_id`,`at`);