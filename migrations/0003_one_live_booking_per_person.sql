DROP INDEX `bookings_one_live_per_person`;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_live_per_person` ON `bookings` (`identity_key`) WHERE status IN ('active', 'needs_reschedule');