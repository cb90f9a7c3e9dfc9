-- 016_access: accounts whose access can be cut off (issue 21). A deleted account
-- keeps its row (its name stays in the history; it can never log in again), API
-- tokens get an expiry, a last use and the time they were revoked, and failed
-- logins are throttled per client address and per name with an increasing delay
-- instead of a lock that anyone can trigger (README "Login throttling").
ALTER TABLE app_user ADD COLUMN deleted_at TEXT;
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
ALTER TABLE api_token ADD COLUMN last_used_at TEXT;
ALTER TABLE api_token ADD COLUMN revoked_at TEXT;
CREATE INDEX api_token_user_idx ON api_token(user_id);

-- One row per throttled key: "a:ADDRESS" (every name from one client address),
-- "n:NAME" (one name from every address) and "p:NAME ADDRESS" (the pair). fails
-- counts the failures since the last quiet period; until_at is when the next
-- attempt is allowed.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  fails INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  until_at TEXT NOT NULL
);

INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('login.free_failures', NULL, '1900-01-01', '5', 'Gagal masuk tanpa jeda per alamat klien dan per nama; sesudahnya jeda bertambah'),
  ('login.delay_first_seconds', NULL, '1900-01-01', '2', 'Jeda sesudah kegagalan pertama yang melewati batas; berlipat dua tiap kegagalan berikutnya'),
  ('login.delay_max_seconds', NULL, '1900-01-01', '900', 'Jeda terpanjang antara dua percobaan masuk (detik)'),
  ('login.forget_minutes', NULL, '1900-01-01', '60', 'Kegagalan dilupakan sesudah sekian menit tanpa kegagalan baru'),
  ('password.min_length', NULL, '1900-01-01', '12', 'Panjang minimal kata sandi baru atau yang diubah');
