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

#endif
