/* statements_notify.h: the named statements of reminders, people's choices
 * of email and the mail queue (svc/notify.c, svc/mail.c,
 * sql/<dialect>/022_notifications.sql), part of the one table in
 * statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters; dates 'YYYY-MM-DD'; times Unix seconds. */
#ifndef OV_STATEMENTS_NOTIFY_H
#define OV_STATEMENTS_NOTIFY_H

/* The columns of NOTIFY_PREFS_OF, in order. */
enum {
    NP_EMAIL, /* '' when none */
    NP_NAME,
    NP_DELIVERY, /* NULL: no choice made (the defaults) */
    NP_SUPERVISION,
    NP_SIGNATURE,
    NP_ESCALATION,
    NP_AUDIT,
    NP_LEFT /* the person's last day, NULL while employed */
};

/* The columns of MAIL_LIST, in order. */
enum {
    ML_REF,
    ML_STAFF_ID,
    ML_TO,
    ML_SUBJECT,
    ML_STATUS,
    ML_ATTEMPTS,
    ML_ERROR,
    ML_CREATED,
    ML_NEXT,
    ML_SENT,
    ML_DIGEST_DAY
};

#define MAIL_DUE_WHERE "((status = 'queued' AND next_at <= $1) OR (status = 'sending' AND claimed_until < $1))"

#define NOTIFY_STATEMENTS(STMT, STMT2)                                                                              \
    /* The claim of a reminder: one row changed when it is new, none when it was made already. */                   \
    STMT(NOTIFY_CLAIM, "INSERT INTO reminders (staff_ref, kind, subject, day, at) VALUES ($1, $2, $3, $4, $5)"      \
                       " ON CONFLICT DO NOTHING")                                                                   \
    STMT(NOTIFY_PREFS_OF, "SELECT coalesce(s.email, ''), s.name, p.delivery, p.supervision, p.signature,"           \
                          " p.escalation, p.audit, s.left_date FROM staff s"                                        \
                          " LEFT JOIN notify_prefs p ON p.staff_ref = s.ref WHERE s.ref = $1")                      \
    STMT(NOTIFY_PREFS_SET,                                                                                          \
         "INSERT INTO notify_prefs (staff_ref, delivery, supervision, signature, escalation, audit, changed_at)"    \
         " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (staff_ref) DO UPDATE SET delivery = excluded.delivery," \
         " supervision = excluded.supervision, signature = excluded.signature, escalation = excluded.escalation,"   \
         " audit = excluded.audit, changed_at = excluded.changed_at")                                               \
    /* Records sent and waiting for the supervisee's signature: the record and the supervisee. */                   \
    STMT(NOTIFY_SIGNATURES_WAITING, "SELECT r.ref, r.supervisee_ref FROM records r JOIN record_versions v"          \
                                    " ON v.record_ref = r.ref AND v.version = r.latest_version"                     \
                                    " WHERE v.state = 'sent' ORDER BY r.ref")                                       \
    /* Open escalations whose response is due on or before $1, with whom they are with. */                          \
    STMT(NOTIFY_ESCALATIONS_NEAR, "SELECT ref, assignee_ref, respond_by FROM escalations WHERE status = 'open'"     \
                                  " AND assignee_ref IS NOT NULL AND respond_by <= $1 ORDER BY ref")                \
    STMT(NOTIFY_STAFF_REFS, "SELECT s.ref, coalesce(s.supervisor_ref, 0) FROM staff s WHERE s.id = $1")             \
    /* The mail queue. */                                                                                           \
    STMT(MAIL_ADD, "INSERT INTO mail_queue (staff_ref, to_addr, to_name, subject, digest_day, status, created_at,"  \
                   " next_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ref")                               \
    STMT(MAIL_DIGEST_OF, "SELECT ref FROM mail_queue WHERE staff_ref = $1 AND digest_day = $2"                      \
                         " AND status = 'collecting'")                                                              \
    STMT(MAIL_ITEM_ADD, "INSERT INTO mail_items (mail_ref, text, link) VALUES ($1, $2, $3)")                        \
    /* Digests whose day is over ($1 today) go out. */                                                              \
    STMT(MAIL_DIGESTS_CLOSE, "UPDATE mail_queue SET status = 'queued', next_at = $2"                                \
                             " WHERE status = 'collecting' AND digest_day < $1")                                    \
    /* Up to $2 emails to send at $1: queued and due, or claimed by a sender that did not finish in time. */        \
    STMT(MAIL_DUE, "SELECT ref FROM mail_queue WHERE " MAIL_DUE_WHERE " ORDER BY next_at, ref LIMIT $2")            \
    /* A sender's claim ($2 ref, $3 until): one row changed, or none when another sender took it first. */          \
    STMT(MAIL_CLAIM, "UPDATE mail_queue SET status = 'sending', claimed_until = $3, attempts = attempts + 1"        \
                     " WHERE ref = $2 AND " MAIL_DUE_WHERE)                                                         \
    STMT(MAIL_GET, "SELECT to_addr, to_name, subject, digest_day, attempts FROM mail_queue WHERE ref = $1")         \
    STMT(MAIL_ITEMS_OF, "SELECT text, link FROM mail_items WHERE mail_ref = $1 ORDER BY ref")                       \
    STMT(MAIL_SENT, "UPDATE mail_queue SET status = 'sent', sent_at = $2, message_id = $3, last_error = NULL,"      \
                    " claimed_until = NULL WHERE ref = $1")                                                         \
    STMT(MAIL_RETRY, "UPDATE mail_queue SET status = 'queued', next_at = $2, last_error = $3, claimed_until = NULL" \
                     " WHERE ref = $1")                                                                             \
    STMT(MAIL_GIVE_UP, "UPDATE mail_queue SET status = 'failed', last_error = $2, claimed_until = NULL"             \
                       " WHERE ref = $1")                                                                           \
    /* For the admin: every email not sent yet, and the latest $1 sent, newest first. */                            \
    STMT(MAIL_LIST, "SELECT q.ref, s.id, q.to_addr, q.subject, q.status, q.attempts, coalesce(q.last_error, ''),"   \
                    " q.created_at, q.next_at, coalesce(q.sent_at, 0), q.digest_day FROM mail_queue q"              \
                    " JOIN staff s ON s.ref = q.staff_ref WHERE q.status <> 'sent'"                                 \
                    " OR q.ref IN (SELECT ref FROM mail_queue WHERE status = 'sent' ORDER BY ref DESC LIMIT $1)"    \
                    " ORDER BY q.ref DESC")

#endif
