/* bundle_check.h: whether a person's copy (format/bundle.h) is what the
 * record log signed, in words: `oversight verify`'s whole judgement, with
 * no database and no network (docs/record-format.md, "Copies", lists the
 * checks).
 *
 * It checks the copy's digest; the checkpoint's signature (by the keys the
 * reader trusts, else by the copy's own key, which it then says plainly);
 * each entry: its bytes against the hash logged, their canonical format-1
 * form, its inclusion in the checkpoint's tree, each opening against the
 * part's commitment and as the part's kind, and the links between a
 * record's entries; each consistency proof the copy carries. Given a
 * checkpoint or copy saved earlier (verify --since), it checks that the
 * log only grew since, and, against an earlier copy, that no entry was
 * rewritten, none is missing and no text it held as logged has changed,
 * saying since when.
 *
 * An amendment (a new version begun from a sent one) is reported as one,
 * with its reason: it is how a record is rightly changed, not tampering.
 *
 * Pure: a parsed bundle and keys in, verdicts out. */
#ifndef OV_BUNDLE_CHECK_H
#define OV_BUNDLE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/note.h"
#include "format/bundle.h"

typedef enum {
    BUNDLE_SAID_OK,        /* checked, and as logged */
    BUNDLE_SAID_NOTE,      /* to know, not a failure: the key came from the copy; an entry kept only as its hash */
    BUNDLE_SAID_AMENDMENT, /* a new version begun from a sent one, and why: not a failure */
    BUNDLE_SAID_FAIL,      /* does not verify */
} BundleSaid;

/* The word for a kind ("ok", "note", "amendment", "fail"). */
const char *bundle_said_name(BundleSaid s);

typedef struct {
    BundleSaid kind;
    int64_t index;                    /* the log entry it is about; -1: the copy as a whole */
    int64_t record, version;          /* 0: not about a record, or about no one version */
    char part[ENTRY_PART_ID_MAX + 1]; /* the part it is about, or "" */
    char *text;                       /* one or more sentences, UTF-8, no line break */
} BundleVerdict;

typedef struct {
    BundleVerdict *v; /* in order: the copy, its entries in index order, then --since */
    size_t n, cap;
    size_t failures;
    bool key_from_copy; /* no key was given: the copy's own opened the checkpoint */
} BundleReport;

typedef struct {
    const NoteVerifier *keys; /* the keys the reader trusts; none: the copy's own */
    size_t nkeys;
    /* A checkpoint saved earlier (a signed note), or an earlier copy
     * (whose checkpoint it is when since_note is NULL): NULL for neither. */
    const char *since_note;
    size_t since_note_len;
    const Bundle *since_copy;
} BundleCheckOptions;

/* Checks b, appending verdicts to *out (zeroed first): true only when
 * nothing failed. Free the report with bundle_report_free. */
bool bundle_check(const Bundle *b, const BundleCheckOptions *o, BundleReport *out);
void bundle_report_free(BundleReport *r);

/* Unix seconds as "YYYY-MM-DD HH:MM UTC" (out: at least 24 bytes). */
const char *bundle_time_words(int64_t t, char *out, size_t n);

#endif
