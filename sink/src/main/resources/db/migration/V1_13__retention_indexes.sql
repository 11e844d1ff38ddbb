-- Retention deletes by stored_at (the time of an alert's last stored activity) and caps snapshots by age.
CREATE INDEX alerts_stored_at ON alerts (stored_at);
CREATE INDEX snapshots_stored_at ON snapshots (stored_at);
