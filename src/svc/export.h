/* export.h: "Download my supervision file": every record a person is party
 * to (as supervisor or supervisee), as the record log holds it, in one zip
 * archive they keep and check with `oversight verify`, with no database
 * and no network (docs/record-format.md, "Copies"; format/bundle.h).
 *
 * The file holds, for each of their records that has leaves in the log
 * (drafts have none: a version is logged when it is sent), every leaf: its
 * entry's bytes and logged hash, the openings of its parts as the rows are
 * now (a row changed since gives an opening that no longer matches), and
 * its inclusion proof in one signed checkpoint; and consistency proofs to
 * that checkpoint from the earlier ones, so that a checkpoint the person
 * saved before can be checked against it.
 *
 * A person's file holds what that person may read on the record page
 * (record_view as them): the opening of an item hidden from them is left
 * out, and the entry keeps its commitment alone.
 *
 * Who may ask: the person themself, or an administrator (subject access,
 * and the command line's operator). Anyone else is answered SVC_NOT_FOUND,
 * as for a person who does not exist. */
#ifndef OV_EXPORT_H
#define OV_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/note.h"
#include "format/bundle.h"
#include "svc/svc.h"

/* At most this many earlier checkpoints get a consistency proof (the most
 * recent ones). */
#define EXPORT_CONSISTENCY_MAX 1000

/* A record version's PDF sheet in the file (records/record-R-vV.pdf). */
typedef struct {
    int64_t record_ref;
    int version;
    char hash[65]; /* the version entry's hash, printed on the sheet */
    Buf pdf;
} ExportSheet;

/* A person's file, before it is written out. */
typedef struct {
    Bundle bundle;  /* strings in bundle.a; entries and openings malloc'd */
    Buf checkpoint; /* the signed note the proofs lead to */
    Buf keys;       /* the verifier keys in force, a line each (key.txt) */
    char staff_id[65];
    int64_t person_ref;  /* whose file it is (staff ref) */
    int64_t records;     /* how many records are in it */
    bool fresh;          /* the checkpoint was signed for this file */
    bool child;          /* a child's file (export_child), not a person's */
    ExportSheet *sheets; /* a sheet per version sent that the person may read */
    size_t nsheets, sheets_cap;
} ExportFile;

/* The file of the person with staff id staff_id, as a->viewer may have it,
 * at a->now. signer (NULL: none at hand) signs a new checkpoint first when
 * the log has grown past the latest one; without one, the latest must
 * cover every leaf in the file. SVC_OK and *out (free with export_free);
 * SVC_NOT_FOUND (no such person, or not the viewer's to have);
 * SVC_CONFLICT, with err saying what to do, when the log is not set up,
 * no checkpoint covers the file and there is no signer, or the log no
 * longer gives its last checkpoint; SVC_FAILED when the store failed. */
SvcResult export_person(Store *st, const SvcActor *a, const char *staff_id, const NoteSigner *signer, ExportFile *out,
                        SvcError *err);
void export_free(ExportFile *f);

/* Every case decision about one child (the case case_id), across all
 * workers and years, for a subject access request: the log's entries of
 * each record and discussion in which the case was discussed, with only
 * the openings of that case's notes (nothing else of those records: no
 * area of a worker's supervision, no other child), the proofs and the
 * checkpoint as for a person. An administrator's only (SVC_NOT_FOUND for
 * anyone else, as for an unknown case); the rest as export_person. No PDF
 * sheets: copy.json and the checkpoint. */
SvcResult export_child(Store *st, const SvcActor *a, const char *case_id, const NoteSigner *signer, ExportFile *out,
                       SvcError *err);

/* The file as a zip archive appended to out: copy.json (the bundle),
 * checkpoint.txt, key.txt, README.txt (what it is, how to check it) and a
 * PDF record sheet per version sent (records/record-R-vV.pdf).
 * false, with why, when the archive cannot be made. */
bool export_zip(const ExportFile *f, Buf *out, char *why, size_t why_size);

/* The archive's file name: supervision-file-ID-YYYY-MM-DD.zip (today),
 * with any character of the id other than letters, digits, '-' and '_'
 * written as '_'. */
void export_file_name(const char *staff_id, Date today, char *out, size_t n);

#endif
