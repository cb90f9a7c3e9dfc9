/* scope.h — the SQL that limits a query to the sites a user may see. */
#ifndef BEKAL_SCOPE_H
#define BEKAL_SCOPE_H

/* Rows of alias x (a string literal) at the sites in scope; binds "iiii": uid, uid
 * (0: every site), site, site (0: every site of the user's). Written as "x.site_id
 * IN (the sites in scope)", so an index on x(site_id, ...) serves it: SQLite cannot
 * use an index through "? = 0 OR x.site_id ..." on the row itself, and a regional
 * database holds hundreds of sites. */
#define SITE_SCOPE(x)                                                                                             \
    x ".site_id IN (SELECT s0.id FROM site s0 WHERE (? = 0 OR s0.id IN (SELECT site_id FROM user_site WHERE "     \
      "user_id = ?)) AND (? = 0 OR s0.id = ?))"

/* The inmates a user may see within their sites (issue 21, least privilege): the
 * one predicate every store query that reads inmates' records uses, with col the
 * expression holding the inmate's id ("w.id", "r.wbp_id"). Binds "ii": uid, uid.
 * Admin, staf, kalapas and kanwil (and the command line, uid 0, which has no
 * account) see every inmate of their sites; wali, instruktur and bapas only those
 * the view wbp_scope (migration 017) gives them: the caseload in force, the
 * participants of their programmes, the inmates with a release or a proposal.
 * Both subqueries are uncorrelated, so each database computes them once per
 * query; an unrestricted user pays one comparison per row. Keep the role list in
 * step with scope_role_restricted() (core/scope.h). */
#define WBP_SCOPE(col)                                                                                            \
    "(COALESCE((SELECT su.role FROM app_user su WHERE su.id = ?), '') NOT IN ('wali', 'instruktur', 'bapas') OR " \
    col " IN (SELECT ws.wbp_id FROM wbp_scope ws WHERE ws.user_id = ?))"

/* The restricted roles' part of WBP_SCOPE alone, for a query that has already
 * asked scope_user_restricted() (caseload_store.h) once: added only for a wali,
 * instruktur or bapas, so the others' lists pay nothing, and the inmates in scope
 * can drive the query by their ids. Binds "i": uid. */
#define WBP_SCOPE_RESTRICTED(col) col " IN (SELECT ws.wbp_id FROM wbp_scope ws WHERE ws.user_id = ?)"

/* The programmes an instructor is listed on: col (the expression holding a
 * programme id, "r.id", "r.program_id") is one of them. Binds "i": the user's id. */
#define INSTRUCTOR_PROGRAMS(col) col " IN (SELECT program_id FROM program_instructor WHERE user_id = ?)"

#endif
