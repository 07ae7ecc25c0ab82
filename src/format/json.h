/* json.h: writing JSON text (RFC 8259) through a writer that escapes every
 * string and keeps track of nesting.
 *
 * There is no way to write raw text: keys and string values are always
 * quoted and escaped, numbers and literals are formatted here. The writer
 * knows which object or array it is in, so commas and colons are always
 * right. Misuse is a programmer error: a value inside an object without its
 * key, a key inside an array or twice in a row, a close that does not match
 * what is open, a second value at the top, nesting deeper than
 * JSON_MAX_DEPTH. The writer then stops writing and json_ok says false, so
 * a caller answers with an error instead of malformed text (and the tests
 * find the mistake).
 *
 * The layout is the API's: ", " between members and elements, ": " after a
 * key, no line breaks. JSON_LINES also puts each element of the outermost
 * array on a line of its own, after a space (the command line's due list).
 * The text always ends with a line break once the top-level value is
 * complete.
 *
 * JSON_CANONICAL writes RFC 8785 (JCS) form, the bytes that are hashed and
 * signed (docs/record-format.md): no space and no final line break; keys
 * in order, which the caller must give (bytewise increasing, printable
 * ASCII, at most JSON_KEY_MAX bytes: misuse otherwise); strings valid
 * UTF-8 (misuse otherwise); integers within +-(2^53 - 1), which every JSON
 * reader holds exactly. */
#ifndef OV_JSON_H
#define OV_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"

#define JSON_MAX_DEPTH 32
#define JSON_KEY_MAX 47 /* a canonical key's bytes */

typedef enum { JSON_SPACED, JSON_LINES, JSON_CANONICAL } JsonLayout;

/* The writer's state; read it only through json_ok. */
typedef struct {
    Buf *out;
    JsonLayout layout;
    bool failed;   /* misused: nothing more is written */
    bool has_key;  /* a key was written and waits for its value */
    bool complete; /* the top-level value is written */
    unsigned depth;
    char open[JSON_MAX_DEPTH];                       /* '{' or '[' for each level open */
    size_t count[JSON_MAX_DEPTH];                    /* members or elements written at each level */
    char last_key[JSON_MAX_DEPTH][JSON_KEY_MAX + 1]; /* JSON_CANONICAL: each open object's last key */
} JsonWriter;

/* A writer appending to out. It only ever appends: a caller that streams
 * may write out's contents elsewhere and empty it between calls. */
void json_start(JsonWriter *w, Buf *out, JsonLayout layout);

/* Objects and arrays, opened and closed. */
void json_object_begin(JsonWriter *w);
void json_object_end(JsonWriter *w);
void json_array_begin(JsonWriter *w);
void json_array_end(JsonWriter *w);

/* The key of the next value, inside an object. */
void json_key(JsonWriter *w, const char *key);

/* Values: a string (quoted and escaped; NULL is written as null), an
 * integer, true or false, null. */
void json_string(JsonWriter *w, const char *s);
void json_int(JsonWriter *w, int64_t n);
void json_bool(JsonWriter *w, bool b);
void json_null(JsonWriter *w);

/* A member of an object: json_key, then the value. */
void json_member_string(JsonWriter *w, const char *key, const char *s);
void json_member_int(JsonWriter *w, const char *key, int64_t n);
void json_member_bool(JsonWriter *w, const char *key, bool b);

/* true when the writer was used rightly and one whole value is written. */
bool json_ok(const JsonWriter *w);

#endif
