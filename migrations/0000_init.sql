CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`cohort_id` text NOT NULL,
	`identity_key` text NOT NULL,
	`name` text NOT NULL,
	`slot_id` text NOT NULL,
	`grant_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `slots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_active_per_person` ON `bookings` (`cohort_id`,`identity_key`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `bookings_by_slot` ON `bookings` (`slot_id`,`status`);--> statement-breakpoint
CREATE TABLE `clinics` (
	`id` text PRIMARY KEY NOT NULL,
	`name_ko` text NOT NULL,
	`name_en` text NOT NULL,
	`region` text NOT NULL,
	`address` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slots` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`capacity` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `slots_by_clinic_start` ON `slots` (`clinic_id`,`starts_at`);