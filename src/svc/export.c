/* export.c: a person's supervision file (export.h). */
#include "svc/export.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/json.h"
#include "svc/record.h"
#include "svc/record_log.h"
#include "svc/record_pdf.h"

/* ---- Gathering ---- */

typedef struct Walk Walk;
static SvcResult add_kept(Walk *w, int walked);

/* What the walk over one record's leaves needs. */
struct Walk {
    Store *st;
    ExportFile *f;
    size_t cap;
    char (*hidden)[24]; /* topics hidden from the person (item/TOPIC not opened) */
    size_t nhidden;
    LogLeaf *leaves; /* one record's, as the walk found them */
    size_t nleaves, leaves_cap;
    const int64_t *notes; /* a child's file: only these case notes are opened, and no sheets made */
    size_t nnotes;
    bool child;
    SvcError *err;
};

static bool hidden_part(const Walk *w, const char *id)
{
    if (strncmp(id, "item/", 5) != 0) return false;
    for (size_t i = 0; i < w->nhidden; i++)
        if (strcmp(id + 5, w->hidden[i]) == 0) return true;
    return false;
}

/* A leaf kept from the walk: the store answers one query at a time, so
 * the openings are read once the walk is over. */
static int keep_leaf(void *ctx, const LogLeaf *l)
{
    Walk *w = ctx;
    xgrow((void **)&w->leaves, &w->leaves_cap, w->nleaves + 1, sizeof *w->leaves);
    LogLeaf *k = &w->leaves[w->nleaves++];
    *k = *l;
    k->entry = (Buf){0};
    buf_add(&k->entry, l->entry.data ? l->entry.data : "", l->entry.len);
    return 0;
}

/* Whether part id is one of the child's case notes ("note/REF"). */
static bool child_note(const Walk *w, const char *id)
{
    if (strncmp(id, "note/", 5) != 0) return false;
    int64_t ref = strtoll(id + 5, NULL, 10);
    for (size_t i = 0; i < w->nnotes; i++)
        if (w->notes[i] == ref) return true;
    return false;
}

static bool add_leaf(Walk *w, const LogLeaf *l)
{
    Bundle *b = &w->f->bundle;
    if (!w->child && strcmp(l->type, "version") == 0) {
        ExportFile *f = w->f;
        xgrow((void **)&f->sheets, &f->sheets_cap, f->nsheets + 1, sizeof *f->sheets);
        ExportSheet *sh = &f->sheets[f->nsheets++];
        memset(sh, 0, sizeof *sh);
        sh->record_ref = l->record_ref;
        sh->version = (int)l->version;
        hex_encode(l->hash, sizeof l->hash, sh->hash);
    }
    LogOpenings o;
    if (!record_log_openings(w->st, l, &o, w->err)) return false;
    xgrow((void **)&b->entry, &w->cap, b->nentry + 1, sizeof *b->entry);
    BundleEntry *e = &b->entry[b->nentry++];
    memset(e, 0, sizeof *e);
    e->index = l->idx;
    memcpy(e->hash, l->hash, sizeof e->hash);
    if (l->entry.len) {
        e->entry = arena_strndup(&b->a, l->entry.data, l->entry.len);
        e->entry_len = l->entry.len;
    }
    if (o.n) e->opening = xcalloc(o.n, sizeof *e->opening);
    for (size_t i = 0; i < o.n; i++) {
        const LogOpening *p = &o.part[i];
        if (hidden_part(w, p->id) || (w->child && !child_note(w, p->id))) continue;
        BundleOpening *bo = &e->opening[e->nopening++];
        strfmt(bo->id, sizeof bo->id, "%s", p->id);
        memcpy(bo->salt, p->salt, sizeof bo->salt);
        bo->content = arena_strndup(&b->a, p->content.data ? p->content.data : "", p->content.len);
        bo->content_len = p->content.len;
    }
    record_log_openings_free(&o);
    return true;
}

/* The leaves of one record into the file. */
static SvcResult add_record(Walk *w, int64_t record_ref)
{
    w->nleaves = 0;
    int walked = record_log_leaves_of_record(w->st, record_ref, keep_leaf, w);
    return add_kept(w, walked);
}

/* The leaves of a discussion held outside a record into the file. */
static SvcResult add_session(Walk *w, int64_t session_ref)
{
    w->nleaves = 0;
    int walked = record_log_leaves_of_session(w->st, session_ref, keep_leaf, w);
    return add_kept(w, walked);
}

static SvcResult add_kept(Walk *w, int walked)
{
    bool ok = walked == 0;
    for (size_t i = 0; i < w->nleaves; i++) {
        if (ok && !add_leaf(w, &w->leaves[i])) ok = false;
        buf_free(&w->leaves[i].entry);
    }
    if (ok && w->nleaves) w->f->records++;
    return ok ? SVC_OK : SVC_FAILED;
}

/* The topics of record_ref the person (viewer pv) may not read, as the
 * record page decides it (record_get): their items are not opened. */
static SvcResult hidden_topics(Store *st, const Viewer *pv, int64_t record_ref, Walk *w)
{
    Record rec;
    SvcResult rc = record_get(st, pv, record_ref, 0, &rec);
    if (rc != SVC_OK) return rc;
    w->nhidden = 0;
    w->hidden = rec.nitems ? xrealloc(w->hidden, rec.nitems * sizeof *w->hidden) : w->hidden;
    for (size_t i = 0; i < rec.nitems; i++)
        if (rec.items[i].hidden) strfmt(w->hidden[w->nhidden++], sizeof w->hidden[0], "%s", rec.items[i].topic);
    record_free(&rec);
    return SVC_OK;
}

static int by_index(const void *x, const void *y)
{
    int64_t a = ((const BundleEntry *)x)->index, b = ((const BundleEntry *)y)->index;
    return (a > b) - (a < b);
}

/* Every leaf of every record of the person, in index order. */
static SvcResult gather(Store *st, int64_t person_ref, ExportFile *f, SvcError *err)
{
    int64_t *refs = NULL;
    size_t nrefs = 0, cap = 0;
    StoreRows *r = store_query(st, STMT_LOG_EXPORT_RECORDS, (Param[]){P_INT(person_ref)}, 1);
    if (!r) return SVC_FAILED;
    int got;
    while ((got = store_next(r)) == 1) {
        xgrow((void **)&refs, &cap, nrefs + 1, sizeof *refs);
        refs[nrefs++] = store_col_int(r, 0);
    }
    store_rows_close(r);
    if (got < 0) {
        free(refs);
        return SVC_FAILED;
    }
    /* The person as a viewer of their own records: they are one of the
     * two in each, whatever roles their account holds. */
    Viewer pv = {.staff_ref = person_ref};
    Walk w = {.st = st, .f = f, .err = err};
    SvcResult rc = SVC_OK;
    for (size_t i = 0; i < nrefs && rc == SVC_OK; i++) {
        rc = hidden_topics(st, &pv, refs[i], &w);
        if (rc == SVC_NOT_FOUND || rc == SVC_REFUSED) { /* not theirs to read after all */
            rc = SVC_OK;
            continue;
        }
        if (rc == SVC_OK) rc = add_record(&w, refs[i]);
    }
    free(w.leaves);
    free(w.hidden);
    free(refs);
    if (rc != SVC_OK) return rc;
    /* Index order across records, as bundle.h has them. */
    if (f->bundle.nentry > 1) qsort(f->bundle.entry, f->bundle.nentry, sizeof *f->bundle.entry, by_index);
    return SVC_OK;
}

/* The checkpoint the file's proofs lead to (export.h). */
static SvcResult choose_checkpoint(Store *st, const SvcActor *a, const NoteSigner *signer, ExportFile *f,
                                   LogCheckpoint *cp, SvcError *err)
{
    const Bundle *b = &f->bundle;
    int64_t need = b->nentry ? b->entry[b->nentry - 1].index + 1 : 0, size = 0;
    int got = record_log_latest(st, cp);
    if (got < 0 || record_log_size(st, &size) < 0) return SVC_FAILED;
    bool behind = got == 0 || cp->size < size;
    if (behind && signer) {
        buf_free(&cp->note);
        SvcResult rc = record_log_checkpoint(st, signer, a->now, cp, err);
        if (rc != SVC_OK) return rc == SVC_FAILED ? SVC_FAILED : SVC_CONFLICT;
        f->fresh = cp->fresh;
        return SVC_OK;
    }
    if (got == 1 && cp->size >= need) return SVC_OK;
    buf_free(&cp->note);
    return svc_fail(err, SVC_CONFLICT, "",
                    "no signed checkpoint covers every record in this file yet: ask an administrator to run "
                    "`oversight log checkpoint`, then download it again");
}

/* The verifier key that opens the checkpoint, from the keys in force. */
static const char *checkpoint_key(const ExportFile *f, Arena *a)
{
    const char *s = buf_str(&f->keys);
    while (*s) {
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char line[512];
        if (n < sizeof line) {
            memcpy(line, s, n);
            line[n] = 0;
            NoteVerifier v;
            size_t text_len;
            char why[256];
            if (note_verifier_parse(line, &v, why, sizeof why) &&
                note_open(f->checkpoint.data, f->checkpoint.len, &v, 1, &text_len, NULL, why, sizeof why) == NOTE_OK)
                return arena_strndup(a, line, n);
        }
        s += n + (end ? 1 : 0);
    }
    return NULL;
}

/* Consistency proofs to the checkpoint of size `size` from the earlier
 * stored ones, most recent first (read first: the store answers one query
 * at a time). */
static SvcResult consistency(Store *st, uint64_t size, Bundle *b)
{
    StoreRows *r = store_query(st, STMT_LOG_EXPORT_CHECKPOINTS_BEFORE,
                               (Param[]){P_INT((int64_t)size), P_INT(EXPORT_CONSISTENCY_MAX)}, 2);
    if (!r) return SVC_FAILED;
    size_t cap = 0;
    int got;
    while ((got = store_next(r)) == 1) {
        size_t len = 0;
        int64_t s1 = store_col_int(r, 0);
        const char *root = store_col_text(r, 1, &len);
        BundleConsistency c = {.size = (uint64_t)s1};
        if (s1 <= 0 || !hex_decode(root, len, c.root, sizeof c.root))
            continue; /* nothing to prove from an empty tree */
        xgrow((void **)&b->consistency, &cap, b->nconsistency + 1, sizeof *b->consistency);
        b->consistency[b->nconsistency++] = c;
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    for (size_t i = 0; i < b->nconsistency; i++)
        if (record_log_consistency(st, b->consistency[i].size, size, &b->consistency[i].proof, NULL, 0) != MERKLE_OK)
            return SVC_FAILED;
    return SVC_OK;
}

/* The file once its leaves are gathered (person_ref: a person's, whose
 * leaves are gathered here; 0: a child's, gathered already): the log's
 * origin, the checkpoint, the proofs and the keys. On failure out is
 * freed. */
static SvcResult finish_file(Store *st, const SvcActor *a, const NoteSigner *signer, ExportFile *out,
                             int64_t person_ref, SvcError *err)
{
    LogState ls;
    int ready = record_log_state(st, &ls);
    if (ready < 0) goto failed;
    if (ready == 0 || !ls.ready || !ls.origin[0]) {
        export_free(out);
        return svc_fail(err, SVC_CONFLICT, "",
                        "the record log is not set up, so there is nothing to put in a supervision file: ask an "
                        "administrator to run `oversight log init`");
    }
    out->bundle.origin = arena_strndup(&out->bundle.a, ls.origin, strlen(ls.origin));
    SvcResult rc = person_ref ? gather(st, person_ref, out, err) : SVC_OK;
    if (rc != SVC_OK) {
        export_free(out);
        return rc;
    }
    LogCheckpoint cp;
    rc = choose_checkpoint(st, a, signer, out, &cp, err);
    if (rc != SVC_OK) {
        export_free(out);
        return rc;
    }
    out->checkpoint = cp.note;
    Bundle *b = &out->bundle;
    b->checkpoint = buf_str(&out->checkpoint);
    for (size_t i = 0; i < b->nentry; i++) {
        char why[256] = "";
        MerkleResult m = record_log_inclusion(st, (uint64_t)b->entry[i].index, (uint64_t)cp.size, &b->entry[i].proof,
                                              why, sizeof why);
        if (m != MERKLE_OK) {
            export_free(out);
            return svc_fail(err, SVC_FAILED, "", "the inclusion proof of leaf %lld cannot be made: %s",
                            (long long)b->entry[i].index, why);
        }
    }
    if (consistency(st, (uint64_t)cp.size, b) != SVC_OK) goto failed;
    if (record_log_keys(st, &out->keys) < 0) goto failed;
    b->key = checkpoint_key(out, &b->a);
    if (!b->key) {
        export_free(out);
        return svc_fail(err, SVC_CONFLICT, "",
                        "no verifier key in force opens the latest checkpoint: ask an administrator to run "
                        "`oversight log checkpoint`");
    }
    return SVC_OK;
failed:
    export_free(out);
    return SVC_FAILED;
}

SvcResult export_person(Store *st, const SvcActor *a, const char *staff_id, const NoteSigner *signer, ExportFile *out,
                        SvcError *err)
{
    memset(out, 0, sizeof *out);
    int64_t person_ref = 0;
    StoreRows *r = store_query(st, STMT_LOG_EXPORT_PERSON, (Param[]){P_TEXT(staff_id, strlen(staff_id))}, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) {
        person_ref = store_col_int(r, 0);
        strfmt(out->staff_id, sizeof out->staff_id, "%s", store_col_text(r, 1, NULL));
        out->bundle.for_name = svc_col_dup(&out->bundle.a, r, 2);
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    /* Their own, or an administrator's for subject access; for anyone else
     * the person is not there. */
    if (got == 0 || !(a->viewer->admin || a->viewer->staff_ref == person_ref)) {
        export_free(out);
        return svc_fail(err, SVC_NOT_FOUND, "", "there is no person with staff id %s", staff_id);
    }
    out->bundle.for_id = out->staff_id;
    out->bundle.exported_at = a->now;
    out->person_ref = person_ref;

    SvcResult rc = finish_file(st, a, signer, out, person_ref, err);
    if (rc != SVC_OK) return rc;
    /* The sheets, each through the record page's read model as the person
     * reads it (whoever makes the file): what they see there, and nothing
     * of a version they may not read. */
    Viewer pv = {.staff_ref = person_ref};
    SvcActor pa = *a;
    pa.viewer = &pv;
    for (size_t i = 0; i < out->nsheets; i++) {
        ExportSheet *sh = &out->sheets[i];
        SvcError pe = {0};
        if (record_pdf(st, &pa, sh->record_ref, sh->version, sh->hash, out->bundle.checkpoint, a->now, &sh->pdf, &pe))
            continue;
        if (strcmp(pe.field, "record") == 0) continue;
        export_free(out);
        return svc_fail(err, SVC_FAILED, "", "the sheet of record %lld, version %d cannot be made: %s",
                        (long long)sh->record_ref, sh->version, pe.message);
    }
    return SVC_OK;
}

void export_free(ExportFile *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->bundle.nentry; i++) {
        BundleEntry *e = &f->bundle.entry[i];
        free(e->opening);
    }
    free(f->bundle.entry);
    free(f->bundle.consistency);
    for (size_t i = 0; i < f->nsheets; i++) buf_free(&f->sheets[i].pdf);
    free(f->sheets);
    arena_free(&f->bundle.a);
    buf_free(&f->checkpoint);
    buf_free(&f->keys);
    memset(f, 0, sizeof *f);
}

/* ---- The bundle as JSON ---- */

/* ---- The archive ---- */

static const char child_readme[] = "A child's file: every case decision recorded in supervision\n"
                                   "============================================================\n"
                                   "\n"
                                   "This archive holds, for a subject access request, every decision about\n"
                                   "the child of one case that was recorded in supervision, across all workers\n"
                                   "and years, exactly as Oversight's record log holds it. Only the case notes\n"
                                   "about this child are opened; the rest of each record (the worker's own\n"
                                   "supervision, other children) is present only as hashes.\n"
                                   "\n"
                                   "  copy.json       the log's entries of each record and discussion of the\n"
                                   "                  case, this child's notes, and the proofs\n"
                                   "  checkpoint.txt  the checkpoint: the log's size and root hash, signed by\n"
                                   "                  the organisation's key\n"
                                   "  key.txt         the verifier key that checks the checkpoint's signature\n"
                                   "\n"
                                   "Check it with `oversight verify FILE`, with no database and no network;\n"
                                   "compare key.txt with the key the organisation publishes. The format is\n"
                                   "described in Oversight's docs/record-format.md.\n";

static const char readme[] = "Your supervision file\n"
                             "=====================\n"
                             "\n"
                             "This archive is a copy of the supervision records you are party to, as\n"
                             "supervisor or supervisee, exactly as Oversight's record log holds them.\n"
                             "Keep it somewhere safe: it lets you show, years from now, what your records\n"
                             "said, and whether anyone has changed them since.\n"
                             "\n"
                             "  copy.json       every entry the log holds about your records (each\n"
                             "                  version sent, signed, disagreed with, amended, and each\n"
                             "                  change of confidentiality), the texts you may read, and\n"
                             "                  the proofs that tie each entry to the checkpoint\n"
                             "  checkpoint.txt  the checkpoint: the log's size and root hash, signed by\n"
                             "                  the organisation's key\n"
                             "  key.txt         the verifier key that checks the checkpoint's signature\n"
                             "  records/        a PDF sheet of each version sent, to read and print (what\n"
                             "                  is checked is copy.json; each sheet prints its hash)\n"
                             "\n"
                             "How to check it\n"
                             "---------------\n"
                             "\n"
                             "  oversight verify FILE\n"
                             "\n"
                             "checks the checkpoint's signature, each entry's hash and its place in the\n"
                             "log, and each text against what was logged, with no database and no\n"
                             "network. It says, in words, which record and which version no longer match.\n"
                             "With --since CHECKPOINT_FILE, a checkpoint you saved earlier, it also checks\n"
                             "that nothing logged before it has changed.\n"
                             "\n"
                             "Compare the key in key.txt with the one your organisation publishes: a file\n"
                             "checked only against a key that came inside it proves nothing about who\n"
                             "signed it.\n"
                             "\n"
                             "The format is described in Oversight's docs/record-format.md; the checks can\n"
                             "be made with any SHA-256 and Ed25519 implementation.\n";

static la_ssize_t zip_write(struct archive *ar, void *ctx, const void *data, size_t n)
{
    (void)ar;
    Buf *out = ctx;
    buf_add(out, data, n);
    return out->overflow ? -1 : (la_ssize_t)n;
}

static bool zip_add(struct archive *ar, const char *name, const void *data, size_t n, int64_t mtime)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)n);
    archive_entry_set_mtime(e, (time_t)mtime, 0);
    bool ok = archive_write_header(ar, e) == ARCHIVE_OK && (n == 0 || archive_write_data(ar, data, n) == (la_ssize_t)n);
    archive_entry_free(e);
    return ok;
}

/* The record sheets: records/record-R-vV.pdf for each version in the file
 * (svc/record_pdf.h, to come) are added here, and nowhere else. */
static bool add_record_sheets(struct archive *ar, const ExportFile *f)
{
    for (size_t i = 0; i < f->nsheets; i++) {
        const ExportSheet *sh = &f->sheets[i];
        if (!sh->pdf.len) continue;
        char name[80];
        strfmt(name, sizeof name, "records/record-%lld-v%d.pdf", (long long)sh->record_ref, sh->version);
        if (!zip_add(ar, name, sh->pdf.data, sh->pdf.len, f->bundle.exported_at)) return false;
    }
    return true;
}

bool export_zip(const ExportFile *f, Buf *out, char *why, size_t why_size)
{
    Buf json = {0};
    if (!bundle_write(&f->bundle, &json)) {
        buf_free(&json);
        strfmt(why, why_size, "the copy cannot be written: a text in it is not UTF-8");
        return false;
    }
    Buf zip = {0};
    struct archive *ar = archive_write_new();
    int64_t t = f->bundle.exported_at;
    bool ok = archive_write_set_format_zip(ar) == ARCHIVE_OK &&
              archive_write_open(ar, &zip, NULL, zip_write, NULL) == ARCHIVE_OK &&
              (f->child ? zip_add(ar, "README.txt", child_readme, sizeof child_readme - 1, t)
                        : zip_add(ar, "README.txt", readme, sizeof readme - 1, t)) &&
              zip_add(ar, "copy.json", json.data, json.len, t) &&
              zip_add(ar, "checkpoint.txt", f->checkpoint.data, f->checkpoint.len, t) &&
              zip_add(ar, "key.txt", f->keys.data, f->keys.len, t) && add_record_sheets(ar, f);
    if (!ok)
        strfmt(why, why_size, "the archive cannot be made: %s",
               archive_error_string(ar) ? archive_error_string(ar) : "out of space");
    if (archive_write_close(ar) != ARCHIVE_OK && ok) {
        ok = false;
        strfmt(why, why_size, "the archive cannot be made: %s",
               archive_error_string(ar) ? archive_error_string(ar) : "out of space");
    }
    archive_write_free(ar);
    if (ok) buf_add(out, zip.data, zip.len);
    buf_free(&zip);
    buf_free(&json);
    return ok;
}

void export_file_name(const char *staff_id, Date today, char *out, size_t n)
{
    char id[65], day[11];
    size_t i = 0;
    for (; staff_id[i] && i < sizeof id - 1; i++) {
        char c = staff_id[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        id[i] = keep ? c : '_';
    }
    id[i] = 0;
    date_format(today, day);
    strfmt(out, n, "supervision-file-%s-%s.zip", id, day);
}

/* ---- A child's file ---- */

SvcResult export_child(Store *st, const SvcActor *a, const char *case_id, const NoteSigner *signer, ExportFile *out,
                       SvcError *err)
{
    memset(out, 0, sizeof *out);
    if (!a->viewer->admin) return svc_fail(err, SVC_NOT_FOUND, "", "there is no case %s", case_id);
    int64_t case_ref = 0;
    StoreRows *r = store_query(st, STMT_LOG_EXPORT_CASE, (Param[]){P_TEXT(case_id, strlen(case_id))}, 1);
    if (!r) return SVC_FAILED;
    int got = store_next(r);
    if (got == 1) {
        case_ref = store_col_int(r, 0);
        strfmt(out->staff_id, sizeof out->staff_id, "%s", store_col_text(r, 1, NULL));
    }
    store_rows_close(r);
    if (got < 0) return SVC_FAILED;
    if (got == 0) return svc_fail(err, SVC_NOT_FOUND, "", "there is no case %s", case_id);
    out->bundle.for_id = out->staff_id;
    char name[96];
    strfmt(name, sizeof name, "the child of case %s", out->staff_id);
    out->bundle.for_name = arena_strndup(&out->bundle.a, name, strlen(name));
    out->bundle.exported_at = a->now;
    out->child = true;

    /* The child's case notes, and the records and discussions they are in. */
    int64_t *notes = NULL, *records = NULL, *sessions = NULL;
    size_t nn = 0, nr = 0, ns = 0, cn = 0, cr = 0, cs = 0;
    r = store_query(st, STMT_LOG_EXPORT_CASE_NOTES, (Param[]){P_INT(case_ref)}, 1);
    got = r ? 0 : STORE_ERROR;
    while (r && (got = store_next(r)) == 1) {
        xgrow((void **)&notes, &cn, nn + 1, sizeof *notes);
        notes[nn++] = store_col_int(r, 0);
        int64_t rec = svc_col_int0(r, 1), ses = svc_col_int0(r, 2);
        if (rec) {
            bool seen = false;
            for (size_t i = 0; i < nr && !seen; i++) seen = records[i] == rec;
            if (!seen) {
                xgrow((void **)&records, &cr, nr + 1, sizeof *records);
                records[nr++] = rec;
            }
        } else if (!rec && ses) {
            bool seen = false;
            for (size_t i = 0; i < ns && !seen; i++) seen = sessions[i] == ses;
            if (!seen) {
                xgrow((void **)&sessions, &cs, ns + 1, sizeof *sessions);
                sessions[ns++] = ses;
            }
        }
    }
    if (r) store_rows_close(r);
    Walk w = {.st = st, .f = out, .err = err, .notes = notes, .nnotes = nn, .child = true};
    SvcResult rc = got == 0 ? SVC_OK : SVC_FAILED;
    for (size_t i = 0; i < nr && rc == SVC_OK; i++) rc = add_record(&w, records[i]);
    for (size_t i = 0; i < ns && rc == SVC_OK; i++) rc = add_session(&w, sessions[i]);
    free(w.leaves);
    free(notes);
    free(records);
    free(sessions);
    if (rc != SVC_OK) {
        export_free(out);
        return rc;
    }
    Bundle *b = &out->bundle;
    if (b->nentry > 1) qsort(b->entry, b->nentry, sizeof *b->entry, by_index);
    return finish_file(st, a, signer, out, 0, err);
}
