/* statements_trail.h: the named statements of the read trail
 * (svc/trail.c, sql/<dialect>/020_read_trail.sql), part of the one table in
 * statements.h, which includes this file. Same rules: $1, $2, ...
 * parameters. Hashes are 64 lower-case hex digits. */
#ifndef OV_STATEMENTS_TRAIL_H
#define OV_STATEMENTS_TRAIL_H

/* A trail row's columns, in the order svc/trail.c reads them. */
#define TRAIL_COLUMNS "seq, at, account, staff_ref, role, address, kind, ref, detail, prev, hash"

#define TRAIL_STATEMENTS(STMT, STMT2)                                                                           \
    /* The last row: its seq and hash (none in an empty trail). Read under the writers' lock. */                \
    STMT(TRAIL_HEAD, "SELECT seq, hash FROM read_trail ORDER BY seq DESC LIMIT 1")                              \
    STMT(TRAIL_ADD,                                                                                             \
         "INSERT INTO read_trail (" TRAIL_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")    \
    /* Every row from seq $1 on, in seq order: what audit verify walks. */                                      \
    STMT(TRAIL_FROM, "SELECT " TRAIL_COLUMNS " FROM read_trail WHERE seq >= $1 ORDER BY seq")                   \
    /* The reads of a person's page (staff ref $1) and of the records they are in, by anyone but them,          \
     * newest first, at most $2; with the reader's name as the staff data has it now. */                        \
    STMT(TRAIL_READS_OF_PERSON,                                                                                 \
         "SELECT t.seq, t.at, t.account, t.staff_ref, t.role, t.address, t.kind, t.ref, t.detail,"              \
         " coalesce(s.name, ''), coalesce(s.id, '') FROM read_trail t LEFT JOIN staff s ON s.ref = t.staff_ref" \
         " WHERE ((t.kind = 'person' AND t.ref = $1) OR (t.kind = 'record' AND t.ref IN"                        \
         " (SELECT ref FROM records WHERE supervisor_ref = $1 OR supervisee_ref = $1)))"                        \
         " AND (t.staff_ref IS NULL OR t.staff_ref <> $1) ORDER BY t.seq DESC LIMIT $2")

#endif
