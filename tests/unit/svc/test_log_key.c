/* test_log_key.c: the key files (svc/keyfile.h) and the record log's
 * signing key in one (svc/log_key.h): where the file is, made mode 0600,
 * refused when others may read it, never written over by a second
 * `log init`, and the key read back signs what its verifier key opens. */
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "svc/keyfile.h"
#include "svc/log_key.h"
#include "test.h"

static char dir[256];

static void test_where(void)
{
    char out[512];
    keyfile_beside("/srv/oversight.db", ".key", out, sizeof out);
    CHECK_STR(out, "/srv/oversight.db.key");
    keyfile_beside("postgresql://u@h/db", ".key", out, sizeof out);
    CHECK_STR(out, "");
    log_key_file("/srv/oversight.db", NULL, out, sizeof out);
    CHECK_STR(out, "/srv/oversight.db.log-key");
    log_key_file("/srv/oversight.db", "", out, sizeof out);
    CHECK_STR(out, "/srv/oversight.db.log-key");
    log_key_file("postgres://u@h/db", NULL, out, sizeof out);
    CHECK_STR(out, "");
    log_key_file("postgres://u@h/db", "/etc/oversight/log-key", out, sizeof out);
    CHECK_STR(out, "/etc/oversight/log-key");
    NoteSigner s;
    char err[512] = "";
    CHECK_INT(log_key_load("", &s, err, sizeof err), -1);
    CHECK_HAS(err, "set OVERSIGHT_LOG_KEY");
    CHECK(!log_key_create("", "o.example/log", &s, err, sizeof err));
}

static void test_create_and_load(void)
{
    char path[512], err[512] = "";
    strfmt(path, sizeof path, "%s/db.log-key", dir);
    NoteSigner made, read, again;
    CHECK_INT(log_key_load(path, &read, err, sizeof err), 0);
    CHECK(log_key_create(path, "o.example/log", &made, err, sizeof err));
    struct stat sb;
    CHECK_INT(stat(path, &sb), 0);
    CHECK_INT(sb.st_mode & 0777, 0600);
    CHECK_INT(log_key_load(path, &read, err, sizeof err), 1);
    CHECK_STR(read.verifier.name, "o.example/log");
    CHECK_INT(read.verifier.id, made.verifier.id);
    CHECK(memcmp(read.verifier.public_key, made.verifier.public_key, 32) == 0);

    /* What it signs, its verifier key opens. */
    Buf note = {0}, vkey = {0};
    const NoteSigner *signers[1] = {&read};
    note_sign("hello\n", 6, signers, 1, &note);
    note_verifier_text(&made.verifier, &vkey);
    NoteVerifier v;
    char why[200];
    CHECK(note_verifier_parse(buf_str(&vkey), &v, why, sizeof why));
    size_t text_len = 0;
    CHECK_INT(note_open(note.data, note.len, &v, 1, &text_len, NULL, why, sizeof why), NOTE_OK);
    buf_free(&note);
    buf_free(&vkey);

    /* A second one is refused, and the first stays. */
    CHECK(!log_key_create(path, "o.example/log", &again, err, sizeof err));
    CHECK_HAS(err, "already there");
    CHECK_INT(log_key_load(path, &again, err, sizeof err), 1);
    CHECK_INT(again.verifier.id, made.verifier.id);

    /* Readable by the group: refused, saying what to do. */
    CHECK_INT(chmod(path, 0640), 0);
    CHECK_INT(log_key_load(path, &again, err, sizeof err), -1);
    CHECK_HAS(err, "chmod 600");
    CHECK_INT(chmod(path, 0604), 0);
    CHECK_INT(log_key_load(path, &again, err, sizeof err), -1);
    CHECK_INT(chmod(path, 0600), 0);

    /* Not a key: the file and line. */
    char bad[512];
    strfmt(bad, sizeof bad, "%s/bad.log-key", dir);
    bool existed = true;
    CHECK(keyfile_write(bad, "PRIVATE+KEY+nonsense\n", 21, true, &existed, err, sizeof err));
    CHECK(!existed);
    CHECK_INT(log_key_load(bad, &again, err, sizeof err), -1);
    CHECK_HAS(err, "bad.log-key, line 1: not a signing key");
}

static void test_keyfile_write(void)
{
    char path[512], err[512] = "", text[64];
    strfmt(path, sizeof path, "%s/plain.key", dir);
    bool existed = true;
    CHECK(keyfile_write(path, "one\n", 4, true, &existed, err, sizeof err));
    CHECK(!existed);
    CHECK(keyfile_write(path, "two\n", 4, true, &existed, err, sizeof err));
    CHECK(existed);
    CHECK_INT(keyfile_read(path, text, sizeof text, NULL, err, sizeof err), 1);
    CHECK_STR(text, "one\n");
    CHECK(keyfile_write(path, "three\n", 6, false, NULL, err, sizeof err));
    CHECK_INT(keyfile_read(path, text, sizeof text, NULL, err, sizeof err), 1);
    CHECK_STR(text, "three\n");
    strfmt(path, sizeof path, "%s/no/such/folder/key", dir);
    CHECK(!keyfile_write(path, "x", 1, true, NULL, err, sizeof err));
    CHECK_HAS(err, "cannot write the key file");
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    strfmt(dir, sizeof dir, "%s/ov-log-key-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) return 1;
    RUN(test_where);
    RUN(test_create_and_load);
    RUN(test_keyfile_write);
    char cmd[600];
    strfmt(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    TEST_DONE();
}
