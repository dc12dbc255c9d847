-- Capacity guards, written by hand because drizzle-kit does not model triggers.
--
-- `slots.held` counts the active bookings holding each slot (as dose 1 or dose 2). Triggers on
-- `bookings` keep it exact in the same statement that books, moves, cancels or cuts a booking,
-- and the invariant below aborts any statement (and so any batch) that would leave a slot
-- holding more than its capacity. Code paths cannot get this wrong: the database refuses.

-- Bookings made before this migration took their seats when they were created.
UPDATE bookings SET held_since = created_at, updated_at = created_at WHERE held_since IS NULL;
--> statement-breakpoint
UPDATE slots SET held = (
  SELECT count(*) FROM bookings b
  WHERE b.status = 'active' AND (b.slot_id = slots.id OR b.dose2_slot_id = slots.id)
);
--> statement-breakpoint

-- The invariant: 0 <= held <= capacity, on every write to a slot.
CREATE TRIGGER slots_held_within_capacity_on_update BEFORE UPDATE OF capacity, held ON slots
WHEN NEW.held > NEW.capacity OR NEW.held < 0
BEGIN
  SELECT RAISE(ABORT, 'slot_over_capacity');
END;
--> statement-breakpoint
CREATE TRIGGER slots_held_within_capacity_on_insert BEFORE INSERT ON slots
WHEN NEW.held > NEW.capacity OR NEW.held < 0
BEGIN
  SELECT RAISE(ABORT, 'slot_over_capacity');
END;
--> statement-breakpoint

-- Name the seat that is full (dose 1 or dose 2) before the counters move, so the answer can say
-- which; the invariant above is what guarantees capacity.
CREATE TRIGGER bookings_insert_needs_room BEFORE INSERT ON bookings
WHEN NEW.status = 'active'
BEGIN
  SELECT RAISE(ABORT, 'dose1_full')
  WHERE (SELECT held >= capacity FROM slots WHERE id = NEW.slot_id);
  SELECT RAISE(ABORT, 'dose2_full')
  WHERE NEW.dose2_slot_id IS NOT NULL AND (SELECT held >= capacity FROM slots WHERE id = NEW.dose2_slot_id);
END;
--> statement-breakpoint
CREATE TRIGGER bookings_insert_holds AFTER INSERT ON bookings
WHEN NEW.status = 'active'
BEGIN
  UPDATE slots SET held = held + 1 WHERE id = NEW.slot_id OR id = NEW.dose2_slot_id;
END;
--> statement-breakpoint

-- A booking that stays in a slot it already holds needs no new room there.
CREATE TRIGGER bookings_update_needs_room BEFORE UPDATE OF status, slot_id, dose2_slot_id ON bookings
WHEN NEW.status = 'active'
BEGIN
  SELECT RAISE(ABORT, 'dose1_full')
  WHERE NOT (OLD.status = 'active' AND NEW.slot_id IN (OLD.slot_id, coalesce(OLD.dose2_slot_id, '')))
    AND (SELECT held >= capacity FROM slots WHERE id = NEW.slot_id);
  SELECT RAISE(ABORT, 'dose2_full')
  WHERE NEW.dose2_slot_id IS NOT NULL
    AND NOT (OLD.status = 'active' AND NEW.dose2_slot_id IN (OLD.slot_id, coalesce(OLD.dose2_slot_id, '')))
    AND (SELECT held >= capacity FROM slots WHERE id = NEW.dose2_slot_id);
END;
--> statement-breakpoint

-- Release the old seats, then hold the new ones, in the one statement that moved the booking:
-- it commits whole or not at all, so a person never ends up with neither.
CREATE TRIGGER bookings_update_moves_holds AFTER UPDATE OF status, slot_id, dose2_slot_id ON bookings
BEGIN
  UPDATE slots SET held = held - 1 WHERE OLD.status = 'active' AND (id = OLD.slot_id OR id = OLD.dose2_slot_id);
  UPDATE slots SET held = held + 1 WHERE NEW.status = 'active' AND (id = NEW.slot_id OR id = NEW.dose2_slot_id);
END;
--> statement-breakpoint
CREATE TRIGGER bookings_delete_frees AFTER DELETE ON bookings
WHEN OLD.status = 'active'
BEGIN
  UPDATE slots SET held = held - 1 WHERE id = OLD.slot_id OR id = OLD.dose2_slot_id;
END;
