/* api.h: what the JSON API's files (api_*.c, docs/openapi.yaml) share: how
 * an answer is begun and ended, the error answers, and the pieces more than
 * one answer holds. Every answer is written through the JSON writer
 * (format/json.h), into the response's body. Not for use outside the API. */
#ifndef OV_WEB_API_H
#define OV_WEB_API_H

#include "format/json.h"
#include "svc/record.h"
#include "svc/view.h"
#include "web/frame.h"

/* Sessions, discussions or decisions in an answer, at most. */
#define API_HISTORY 1000

/* Whether a request's path is the API's (/api/v1 and below), whose every
 * answer, errors included, is JSON. */
bool api_path(const char *path);

/* Begins a 200 answer: w writes the body (one object). */
void api_begin(Req *r, JsonWriter *w);
/* Ends it. A writer misused (json_ok false: a bug) answers 500 instead. */
void api_end(Req *r, const JsonWriter *w);

/* A problem document (RFC 9457, application/problem+json) with status:
 * type about:blank, title the status's reason phrase, status, and detail
 * (message), replacing whatever the body held. */
void api_error(Req *r, int status, const char *message);
/* 500, logged with the store's error. */
void api_server_error(Req *r);
/* status (403, or 404 where existence is private), logged as a refusal of what. */
void api_refused(Req *r, const char *what, int status);

/* A text member; "" (nothing recorded) is written as null, as the API
 * document describes absent values. */
void api_text(JsonWriter *w, const char *key, const char *s);
/* The "as_of" and "due" members of a due list on asof. */
void api_due(JsonWriter *w, const DueList *l, Date asof);
/* Sessions (a person's, or those a case was discussed in) as an array
 * member under key. */
void api_history(JsonWriter *w, const char *key, const History *h);
/* A case note as an object (both the record's and the case's view). */
void api_case_note(JsonWriter *w, const CaseNote *n);

#endif
