CREATE TABLE `agent_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`agent_id` text NOT NULL,
	`action` text NOT NULL,
	`cohort_id` text,
	`booking_id` text,
	`identity_key` text,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_actions_by_agent` ON `agent_actions` (`agent_id`,`at`);--> statement-breakpoint
CREATE TABLE `clinic_vaccines` (
	`clinic_id` text NOT NULL,
	`vaccine_id` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `vaccine_id`),
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vaccine_id`) REFERENCES `vaccines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vaccines` (
	`id` text PRIMARY KEY NOT NULL,
	`name_ko` text NOT NULL,
	`name_en` text NOT NULL,
	`doses` integer NOT NULL,
	`dose2_interval_days` integer
);
--> statement-breakpoint
DROP INDEX `bookings_one_active_per_person`;--> statement-breakpoint
ALTER TABLE `bookings` ADD `dose2_slot_id` text REFERENCES slots(id);--> statement-breakpoint
ALTER TABLE `bookings` ADD `channel` text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `agent_id` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `held_since` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `updated_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_live_per_person` ON `bookings` (`cohort_id`,`identity_key`) WHERE status IN ('active', 'needs_reschedule');--> statement-breakpoint
CREATE INDEX `bookings_by_dose2_slot` ON `bookings` (`dose2_slot_id`,`status`);--> statement-breakpoint
CREATE INDEX `bookings_by_status` ON `bookings` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `clinics` ADD `time_zone` text DEFAULT 'Asia/Seoul' NOT NULL;--> statement-breakpoint
ALTER TABLE `slots` ADD `vaccine_id` text REFERENCES vaccines(id);--> statement-breakpoint
ALTER TABLE `slots` ADD `date` text;--> statement-breakpoint
ALTER TABLE `slots` ADD `held` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `slots_by_supply_day` ON `slots` (`clinic_id`,`vaccine_id`,`date`);--> statement-breakpoint
CREATE INDEX `slots_by_start` ON `slots` (`starts_at`);