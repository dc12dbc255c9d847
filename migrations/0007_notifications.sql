CREATE TABLE `notify_subscriptions` (
	`cohort_id` text NOT NULL,
	`position` integer NOT NULL,
	`identity_key` text NOT NULL,
	`phone` text NOT NULL,
	`lang` text NOT NULL,
	`time_zone` text NOT NULL,
	`seats_back` integer NOT NULL,
	`near_queued` integer NOT NULL DEFAULT false,
	`turn_queued` integer NOT NULL DEFAULT false,
	`seats_queued` integer NOT NULL DEFAULT false,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`cohort_id`, `position`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notify_subscriptions_by_identity` ON `notify_subscriptions` (`cohort_id`,`identity_key`);
--> statement-breakpoint
CREATE INDEX `notify_subscriptions_by_expiry` ON `notify_subscriptions` (`expires_at`);
--> statement-breakpoint
CREATE TABLE `notify_sent` (
	`cohort_id` text NOT NULL,
	`identity_key` text NOT NULL,
	`event` text NOT NULL,
	`state` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`cohort_id`, `identity_key`, `event`)
);
--> statement-breakpoint
CREATE INDEX `notify_sent_by_expiry` ON `notify_sent` (`expires_at`);
--> statement-breakpoint
CREATE TABLE `notify_dead` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` text NOT NULL,
	`position` integer NOT NULL,
	`event` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notify_dead_by_cohort` ON `notify_dead` (`cohort_id`,`at`);
--> statement-breakpoint
CREATE TABLE `fake_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` text NOT NULL,
	`position` integer NOT NULL,
	`event` text NOT NULL,
	`to_masked` text NOT NULL,
	`text` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fake_outbox_by_cohort` ON `fake_outbox` (`cohort_id`,`seq`);