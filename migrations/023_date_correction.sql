-- 023_date_correction: a correction of a date Bekal computes for one inmate (expiry,
-- 1/2 or 2/3), recorded by the kalapas (or admin) with a coded reason
-- (rules/koreksi-tanggal-*.json), the document it rests on and a note (issue 24).
-- computed_date: Bekal's date when the correction was recorded; inputs: what the
-- date was computed from then (start, sentence, subsider, remisi, method); when
-- those change the correction lapses by itself (judged on every computation).
-- ended_on/end_reason: withdrawn or replaced (the row stays).
CREATE TABLE wbp_date_correction (
  id {{ID}},
  site_id BIGINT NOT NULL REFERENCES site(id),
  wbp_id BIGINT NOT NULL REFERENCES wbp(id),
  which TEXT NOT NULL,
  computed_date TEXT,
  corrected_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  document_ref TEXT NOT NULL,
  note TEXT,
  inputs TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  ended_on TEXT,
  end_reason TEXT,
  created_at TEXT NOT NULL, created_by BIGINT, updated_at TEXT NOT NULL, updated_by BIGINT
);
CREATE INDEX wbp_date_correction_wbp ON wbp_date_correction(wbp_id, id);
