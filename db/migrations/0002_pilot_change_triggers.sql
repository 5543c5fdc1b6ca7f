-- Keeps pilot_changes (see db/schema.ts) for every writer: the portfolio recomputes only changed pilots.
-- Results: only the columns progress depends on (the running totals follow the values in the same transaction; comments are read live).
CREATE TRIGGER results_changed_insert AFTER INSERT ON results BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER results_changed_update AFTER UPDATE OF value, respondents, numerator, denominator, period_sequence, period_id, indicator_id, pilot_id ON results BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER results_changed_delete AFTER DELETE ON results BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER indicators_changed_insert AFTER INSERT ON indicators BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER indicators_changed_update AFTER UPDATE ON indicators BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER indicators_changed_delete AFTER DELETE ON indicators BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER periods_changed_insert AFTER INSERT ON reporting_periods BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER periods_changed_update AFTER UPDATE ON reporting_periods BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER periods_changed_delete AFTER DELETE ON reporting_periods BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (OLD.pilot_id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER pilots_changed_insert AFTER INSERT ON pilots BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER pilots_changed_update AFTER UPDATE ON pilots BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq) VALUES (NEW.id, (SELECT coalesce(max(change_seq), 0) + 1 FROM pilot_changes))
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
--> statement-breakpoint
CREATE TRIGGER projects_changed_update AFTER UPDATE ON projects BEGIN
  INSERT INTO pilot_changes (pilot_id, change_seq)
    SELECT id, (SELECT coalesce(max(change_seq), 0) FROM pilot_changes) + row_number() OVER (ORDER BY id) FROM pilots WHERE project_id = NEW.id
    ON CONFLICT (pilot_id) DO UPDATE SET change_seq = excluded.change_seq;
END;
