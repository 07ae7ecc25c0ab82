/* page_log.c: GET /log/checkpoint, the latest signed checkpoint of the
 * record log (svc/record_log.h), as plain text to save beside a copy of
 * one's records: a later copy is checked against it (oversight verify
 * --since). It names no record and no person: only the log's size and
 * root, signed. */
#include "svc/record_log.h"
#include "web/routes.h"

void page_log_checkpoint(Req *r)
{
    LogCheckpoint cp;
    int got = record_log_latest(r->st, &cp);
    if (got < 0) {
        buf_free(&cp.note);
        return page_server_error(r);
    }
    if (got == 0) {
        buf_free(&cp.note);
        return page_not_found(r);
    }
    web_answer_afresh(r);
    char name[64];
    strfmt(name, sizeof name, "checkpoint-%lld.txt", (long long)cp.size);
    http_attachment(r->rs, "text/plain; charset=utf-8", name, cp.note.data, cp.note.len);
    buf_free(&cp.note);
}
