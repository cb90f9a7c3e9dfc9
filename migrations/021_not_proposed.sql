-- 021_not_proposed: an inmate eligible for asimilasi (or soon) with no proposal,
-- marked "tidak diusulkan" with a coded reason (rules/tidak-diusulkan-*.json), a note
-- and a review date; on the review date the mark lapses and the inmate is back among
-- those to decide on (issue 24). ended_on/end_reason: withdrawn before its review
-- date (the row stays: a decision is never deleted).
CREATE TABLE wbp_not_proposed (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  reason TEXT NOT NULL,
  note TEXT,
  decided_on TEXT NOT NULL,
  review_on TEXT NOT NULL,
  ended_on TEXT,
  end_reason TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX wbp_not_proposed_wbp ON wbp_not_proposed(wbp_id, review_on);
CREATE INDEX wbp_not_proposed_site ON wbp_not_proposed(site_id, review_on);

-- The largest SDP export /api/v1/reconcile/sdp and /reconcile take (KiB); pages also
-- stop at the server's upload limit (32 MiB).
INSERT INTO setting(name, site_id, effective_from, value, note) VALUES
  ('reconcile.export_max_kib', NULL, '1900-01-01', '16384', 'Ukuran terbesar berkas ekspor SDP untuk rekonsiliasi (KiB)');
