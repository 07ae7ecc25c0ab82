/* statements_development.h: the named statements of a person's and a
 * team's development as their records hold it (svc/development.c), part of
 * the one table in statements.h, which includes this file. Same rules: $1,
 * $2, ... parameters. A record counts from its first version sent: a record
 * only ever drafted says nothing yet. */
#ifndef OV_STATEMENTS_DEVELOPMENT_H
#define OV_STATEMENTS_DEVELOPMENT_H

#define DEVELOPMENT_LATEST_SENT(r) \
    "(SELECT max(v.version) FROM record_versions v WHERE v.record_ref = " r ".ref AND v.state <> 'draft')"

#define DEVELOPMENT_STATEMENTS(STMT, STMT2)                                                                         \
    /* The records of supervisee $1 dated $2 to $3 (YYYY-MM-DD) with a version sent, newest first, at most          \
     * $4: ref, the latest version sent. */                                                                         \
    STMT(DEVELOPMENT_RECORDS,                                                                                       \
         "SELECT r.ref, " DEVELOPMENT_LATEST_SENT(                                                                  \
             "r") " AS sent FROM records r"                                                                         \
                  " WHERE r.supervisee_ref = $1 AND r.date >= $2 AND r.date <= $3"                                  \
                  " AND " DEVELOPMENT_LATEST_SENT("r") " IS NOT NULL"                                               \
                                                       " ORDER BY r.date DESC, r.ref DESC LIMIT $4")                \
    /* Team $1's staff in post on $2, by name: ref, id, name, role, and their latest record with a version          \
     * sent and that version (0, 0 when none). */                                                                   \
    STMT(DEVELOPMENT_TEAM, "SELECT s.ref, s.id, s.name, s.role, coalesce(l.ref, 0),"                                \
                           " coalesce(" DEVELOPMENT_LATEST_SENT(                                                    \
                               "l") ", 0) FROM staff s"                                                             \
                                    " LEFT JOIN records l ON l.ref = (SELECT r.ref FROM records r"                  \
                                    " WHERE r.supervisee_ref = s.ref AND " DEVELOPMENT_LATEST_SENT(                 \
                                        "r") " IS NOT NULL"                                                         \
                                             " ORDER BY r.date DESC, r.ref DESC LIMIT 1)"                           \
                                             " WHERE s.team_ref = $1 AND (s.left_date IS NULL OR s.left_date > $2)" \
                                             " ORDER BY s.name, s.id")

#endif
