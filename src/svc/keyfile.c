/* keyfile.c: see keyfile.h. */
#include "svc/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

void keyfile_beside(const char *db, const char *suffix, char *out, size_t n)
{
    bool pg = strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
    strfmt(out, n, "%s%s", pg ? "" : db, pg ? "" : suffix);
}

int keyfile_read(const char *path, char *text, size_t size, struct stat *sb, char *err, size_t errlen)
{
    if (size) text[0] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) return 0;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        strfmt(err, errlen, "%s: cannot read the key file: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    if (sb) *sb = st;
    if (st.st_mode & 077) {
        close(fd);
        strfmt(err, errlen, "%s: the key file may be read by others than its owner: chmod 600 it", path);
        return -1;
    }
    size_t got = 0;
    while (got + 1 < size) {
        ssize_t n = read(fd, text + got, size - 1 - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            strfmt(err, errlen, "%s: cannot read the key file: %s", path, strerror(errno));
            close(fd);
            text[0] = 0;
            return -1;
        }
        if (n == 0) break;
        got += (size_t)n;
    }
    close(fd);
    if (size) text[got] = 0;
    return 1;
}

bool keyfile_write(const char *path, const char *text, size_t len, bool fresh, bool *existed, char *err, size_t errlen)
{
    if (existed) *existed = false;
    char tmp[4200];
    strfmt(tmp, sizeof tmp, "%s.%ld.new", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0) {
        strfmt(err, errlen, "%s: cannot write the key file: %s", tmp, strerror(errno));
        if (fd >= 0) close(fd);
        return false;
    }
    bool ok = write(fd, text, len) == (ssize_t)len;
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    int why = ok ? 0 : errno;
    if (ok && fresh) {
        ok = link(tmp, path) == 0;
        why = ok ? 0 : errno;
        if (!ok && why == EEXIST) {
            ok = true;
            if (existed) *existed = true;
        }
    } else if (ok) {
        ok = rename(tmp, path) == 0;
        why = ok ? 0 : errno;
    }
    unlink(tmp); /* after a link, or when anything failed */
    if (!ok) strfmt(err, errlen, "%s: cannot write the key file: %s", path, strerror(why));
    return ok;
}
