ALTER TABLE `clinics` ADD `region_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clinics` ADD `address_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Written by hand: a clinic loaded with one region and one address shows them in both languages,
-- as a load in the old format still does (src/domain/supply-config.ts).
UPDATE `clinics` SET `region_en` = `region`, `address_en` = `address` WHERE `region_en` = '' OR `address_en` = '';
