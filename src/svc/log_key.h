/* log_key.h: the record log's signing key (svc/record_log.h), in a key
 * file apart from the database (svc/keyfile.h): beside a SQLite database
 * as DB.log-key; for PostgreSQL the file OVERSIGHT_LOG_KEY names, the same
 * file on every server. Made mode 0600 by `oversight log init`; one that
 * its group or others may read is refused. Only the public half (the
 * verifier key) goes into the database.
 *
 * The file holds signer keys in Go's sumdb/note form
 * (PRIVATE+KEY+NAME+ID+BASE64), one a line; the first signs. */
#ifndef OV_LOG_KEY_H
#define OV_LOG_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/note.h"

/* The key file for database db: named (OVERSIGHT_LOG_KEY, when set and not
 * empty) or else DB.log-key beside a SQLite database; "" for a PostgreSQL
 * database with none named. */
void log_key_file(const char *db, const char *named, char *out, size_t n);

/* Loads the signing key (the first line) from path: 1 and *out; 0 when
 * there is no such file; -1, with err saying what to do, when path is ""
 * or the file cannot be read, is readable by others, or holds no key. */
int log_key_load(const char *path, NoteSigner *out, char *err, size_t errlen);

/* Makes a new key named name (the log's origin) in a new file at path:
 * true and *out. false, with err, when a file is already there or it
 * cannot be written. */
bool log_key_create(const char *path, const char *name, NoteSigner *out, char *err, size_t errlen);

#endif
