/* log.c: log.h. */
#include "core/log.h"

#include <stdio.h>
#include <unistd.h>

static void add_escaped(Buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n')
            buf_adds(out, "\\n");
        else if (*p == '\r')
            buf_adds(out, "\\r");
        else if (*p == '\t')
            buf_adds(out, "\\t");
        else if (*p == '\\')
            buf_adds(out, "\\\\");
        else if (*p < 0x20 || *p == 0x7f)
            buf_addf(out, "\\x%02x", *p);
        else
            buf_addc(out, (char)*p);
    }
}

void log_format(Buf *out, const char *client, const char *fmt, va_list ap)
{
    Buf msg = {0};
    buf_vaddf(&msg, fmt, ap);
    buf_adds(out, "oversight serve: ");
    add_escaped(out, buf_str(&msg));
    if (client && *client) {
        buf_adds(out, " (from ");
        add_escaped(out, client);
        buf_addc(out, ')');
    }
    buf_addc(out, '\n');
    buf_free(&msg);
}

void log_event(const char *client, const char *fmt, ...)
{
    Buf line = {.max = 16384};
    va_list ap;
    va_start(ap, fmt);
    log_format(&line, client, fmt, ap);
    va_end(ap);
    if (line.overflow) {
        buf_clear(&line);
        buf_adds(&line, "oversight serve: (a log line too long to write was dropped)\n");
    }
    /* One write: stderr is unbuffered, and a short write(2) is atomic. */
    ssize_t w = write(STDERR_FILENO, line.data, line.len);
    (void)w;
    buf_free(&line);
}
