/* log.h: the server's log. One line per event on standard error, for the
 * operator's journal (which stamps the time), in the form
 *     oversight serve: MESSAGE (from CLIENT)
 * Every byte below 0x20, 0x7f and the backslash in the message is escaped
 * (\n, \r, \t, \\, \xNN), so a username, path or header a visitor sends can
 * never start a line of its own or pass for another event. The line is
 * written with one call, so lines from concurrent requests never
 * interleave. */
#ifndef OV_LOG_H
#define OV_LOG_H

#include "core/util.h"

/* Logs one event. client is the request's address ("" or NULL when there
 * is none, e.g. the command line: then the "(from ...)" part is left
 * out). */
void log_event(const char *client, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The line log_event writes, without writing it (for tests): appended to
 * out, ending in a newline. */
void log_format(Buf *out, const char *client, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

#endif
