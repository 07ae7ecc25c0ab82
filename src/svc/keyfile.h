/* keyfile.h: the files that hold secret keys apart from the database (the
 * key that seals secrets, svc/sealed.h; the record log's signing key,
 * svc/log_key.h): made mode 0600, refused when anyone but their owner may
 * read them, and always replaced whole (written beside, then linked or
 * renamed into place), so that a reader never sees half a file. */
#ifndef OV_KEYFILE_H
#define OV_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* The file beside a SQLite database: db followed by suffix (".key");
 * "" for a PostgreSQL URI, which has no folder to share. */
void keyfile_beside(const char *db, const char *suffix, char *out, size_t n);

/* Reads the file at path into text (at most size - 1 bytes, then a NUL):
 * 1; 0 when there is no such file; -1, with err, when it cannot be read or
 * may be read by its group or others. sb (when not NULL) gets what fstat
 * said of it. */
int keyfile_read(const char *path, char *text, size_t size, struct stat *sb, char *err, size_t errlen);

/* Writes text (len bytes) as the whole file at path, mode 0600. fresh:
 * only when there is none yet; if one is there already, nothing is written
 * and *existed (when not NULL) is set (two processes making the first key
 * at once end with one, the other's). Otherwise the file is replaced.
 * false, with err, on failure. */
bool keyfile_write(const char *path, const char *text, size_t len, bool fresh, bool *existed, char *err, size_t errlen);

#endif
