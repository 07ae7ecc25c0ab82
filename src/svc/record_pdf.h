/* svc/record_pdf.h: the PDF record sheet of one record version, for the
 * copy a person keeps (issue 15; the export, svc/export.h, puts it in the
 * copy beside the JSON bundle).
 *
 * The sheet shows what the record page shows that reader, in the page's
 * words: who (the supervisor and the supervisee, by name and staff id),
 * the date, the version and its status (sent, signed, disputed, with every
 * disagreement in the supervisee's words), each area's text, the case
 * discussions, the actions agreed and the earlier ones followed up, and at
 * its foot the version's entry hash and the checkpoint the caller gives.
 * It reads through record_view, so a reader sees exactly what the page
 * would show them: a confidential item's text only in the copies of the
 * supervisor and the supervisee, a note that it is confidential in anyone
 * else's. Times are printed in UTC, so a sheet does not depend on the
 * server's time zone; with the same database, arguments and fonts it is
 * the same bytes. */
#ifndef OV_SVC_RECORD_PDF_H
#define OV_SVC_RECORD_PDF_H

#include <stdbool.h>
#include <stdint.h>

#include "svc/svc.h"

/* Appends to pdf the sheet of version `version` (0: the latest) of the
 * record record_ref as the actor a->viewer may read it (a->pol gives the
 * case discussions' prompts their questions).
 *
 *   entry_hash_hex  the version's entry hash in the record log: 64
 *                   lowercase hex digits (LogLeaf's hash), printed whole
 *                   and, shortened, in every page's footer
 *   checkpoint      the signed checkpoint's text (a signed note) to print;
 *                   "" or NULL: printed as not given
 *   made_at         Unix time: when the copy was made (printed, and the
 *                   PDF's creation date)
 *
 * true when the PDF was appended. false, with nothing appended and err
 * saying why, when:
 *   err->field "record":      no such record or version, or the reader may
 *                             not read it (record_view's SVC_NOT_FOUND)
 *   err->field "version":     the version is a draft: nothing to copy yet
 *   err->field "entry_hash":  entry_hash_hex is not 64 lowercase hex digits
 *   err->field "checkpoint":  the checkpoint is not UTF-8 text
 *   err->field "" :           the store failed, or the PDF could not be
 *                             made (larger than pdf's cap, ...) */
bool record_pdf(Store *st, const SvcActor *a, int64_t record_ref, int version, const char *entry_hash_hex,
                const char *checkpoint, int64_t made_at, Buf *pdf, SvcError *err);

#endif
