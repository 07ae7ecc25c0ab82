/* json.h: writing JSON text (RFC 8259). Every string that did not come from
 * this program's own templates goes through json_string. */
#ifndef OV_JSON_H
#define OV_JSON_H

#include "core/util.h"

/* s as a JSON string, quoted and escaped; NULL is written as null. */
void json_string(Buf *b, const char *s);

#endif
