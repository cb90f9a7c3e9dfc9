-- 025_inbox: indexes behind the task inbox's counts (issue 25, src/store/inbox_store.c):
-- each item is one query over the user's sites, served by an index on the site and
-- the column the item waits on (a proposal's state; a sale not yet divided). The
-- enrolments' status and the sessions' date have theirs since 011_dashboard.
CREATE INDEX usulan_site_state ON usulan(site_id, state);
CREATE INDEX sale_site_split ON sale(site_id, split_id);
