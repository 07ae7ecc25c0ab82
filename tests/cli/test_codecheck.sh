#!/usr/bin/env bash
# The rule checker (tools/codecheck.c): silent on a small clean tree, and for
# each rule a violation planted in a scratch copy makes it exit 1 naming the
# rule, the file and the line. Names of banned functions in comments and
# strings are not code. The checker is the one make builds beside the binary
# under test ($OVERSIGHT's folder).
. "$(dirname "$0")/lib.sh"
CODECHECK=${CODECHECK:-$(dirname "$OVERSIGHT")/codecheck}
[ -x "$CODECHECK" ] || bail_out "no checker at $CODECHECK (make unit builds it)"

# The clean fixture: one small file per kind of place the rules tell apart.
clean=$T/clean
mkdir -p "$clean"/src/{core,store,format,svc,web,cli,demo} "$clean"/tests/unit/web
cat >"$clean/src/core/util.c" <<'EOF'
/* util.c: never sprintf( or strcpy( here; gets() is only named */
#include "core/util.h"

#include <stdio.h>

// a comment that goes on \
   to the next line: strcat(a, b) atoi(s)
static const char *const names[] = {"sprintf(", "strtok(s, \" \")", "gmtime(&t)"};
static const char quote = '"', *after = "rand() \\";
int util_first(char *dst, size_t n) { return snprintf(dst, n, "%s%c%s", names[0], quote, after); }
EOF
cat >"$clean/src/store/store_sqlite.c" <<'EOF'
#include <sqlite3.h>

#include "core/util.h"
#include "store/statements.h"
int store_first(void) { return STMT_SETTING_GET; }
EOF
cat >"$clean/src/format/json.c" <<'EOF'
#include "format/json.h"
void json_name(Buf *b, const char *s) { json_string(b, s); }
EOF
cat >"$clean/src/svc/accounts.c" <<'EOF'
#include <sodium.h>

#include "svc/accounts.h"
EOF
cat >"$clean/src/svc/record.c" <<'EOF'
#include "format/json.h"
#include "store/store.h"
#include "svc/svc.h"
int record_statement(void) { return STMT_RECORD_FIND; }
EOF
cat >"$clean/src/web/html.c" <<'EOF'
#include "web/html.h"
void html_raw_literal(Buf *b, const char *literal) { buf_adds(b, literal); }
void html_f(Buf *b, const char *fmt, ...);
EOF
cat >"$clean/src/web/http.c" <<'EOF'
#include <microhttpd.h>

#include "web/http.h"
EOF
cat >"$clean/src/web/page_record.c" <<'EOF'
/* A page: markup only through html_f and HTML_RAW. buf_adds(b, s) here is a comment. */
#include "store/store.h"
#include "svc/record.h"
#include "web/frame.h"
#include "web/html.h"

static void status_tag(Buf *b, int late) { late ? HTML_RAW(b, "<strong>late</strong>") : HTML_RAW(b, "<b>" "ok" "</b>"); }

void page_record(Buf *b, const char *name, const char *id, int n, long m)
{
    html_f(b, "<h1>%s</h1><a href=\"/records/%u\">%d of %ld, 100%%</a>",
           name, id, n, m);
    html_f(b, "<p class=\"a,b\">%s</p>"
              "<p>%s</p>",
           n ? "x, y" : name, f(g(1, 2), 3));
    html_f(b, "<hr>");
    status_tag(b, n);
    const char *s = "STMT_NOT_A_NAME json_string(b, s) buf_add(b, s, 1)";
    (void)s;
}
EOF
cat >"$clean/src/web/api_record.c" <<'EOF'
#include "format/json.h"
#include "web/http.h"
void api_record(JsonWriter *w, const char *name) { json_field(w, "name", name); }
EOF
cat >"$clean/src/cli/cmd_user.c" <<'EOF'
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"
#include "web/http.h"
#include "web/web.h"
long user_number(const char *s) { return strtol(s, NULL, 10); }
EOF
cat >"$clean/src/demo/demo.c" <<'EOF'
#include "demo/demo.h"
#include "svc/record.h"
EOF
cat >"$clean/tests/unit/web/test_page.c" <<'EOF'
#include <sqlite3.h>

#include "web/html.h"
#include "test.h"
EOF

# checker DIR: runs the checker over every C file of DIR, as make does.
checker() {
    local here=$PWD
    cd "$1" || exit 1
    run "$CODECHECK" $(find src tests -name '*.[ch]' 2>/dev/null | sort)
    cd "$here" || exit 1
}

checker "$clean"
if [ "$status" = 0 ] && [ -z "$OUT" ]; then
    pass "a clean tree passes, with banned names in comments, strings and characters"
else
    fail "a clean tree passes" "exit $status" "${OUT:0:600}"
fi

# plant NAME RULE FILE LINE...: adds the lines to FILE in a copy of the clean
# tree; the checker must exit 1 with exactly one report, naming RULE at FILE
# and the line of the first planted line (of the at-th, when at=N is set).
plant() {
    local name=$1 rule=$2 file=$3
    shift 3
    local dir=$T/case$((n + 1))
    rm -rf "$dir"
    cp -r "$clean" "$dir"
    mkdir -p "$(dirname "$dir/$file")"
    touch "$dir/$file"
    local line=$(($(wc -l <"$dir/$file") + ${at:-1}))
    printf '%s\n' "$@" >>"$dir/$file"
    checker "$dir"
    local want="$file:$line: $rule:"
    if [ "$status" != 1 ]; then
        fail "$name" "exit $status, want 1" "${OUT:0:400}"
    elif [ "$OUT" != "${OUT#"$want"}" ] && [ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ]; then
        pass "$name"
    else
        fail "$name" "want one report starting \"$want\"" "got: ${OUT:0:400}"
    fi
}

for f in sprintf vsprintf strcpy strcat strncpy strncat gets atoi atol atoll atof gmtime localtime ctime asctime strtok tmpnam rand srand; do
    plant "banned: $f" banned src/core/util.c "void use_$f(void) { $f(0); }"
done
plant "banned in a test too" banned tests/unit/web/test_page.c "static int pick(void) { return rand(); }"
at=4 plant "banned, called on a later line of a statement" banned src/svc/record.c "int x(char *d)" "{" "    return 1 +" "           sprintf(d, \"%d\", 1);" "}"

plant "raw-html: buf_adds on a page" raw-html src/web/page_record.c "void more(Buf *b, const char *s) { buf_adds(b, s); }"
plant "raw-html: buf_addf on a page" raw-html src/web/page_record.c "void more(Buf *b, int n) { buf_addf(b, \"<p>%d</p>\", n); }"
plant "raw-html: buf_addc on a page" raw-html src/web/page_record.c "void more(Buf *b) { buf_addc(b, '<'); }"
plant "raw-html: buf_add on a page" raw-html src/web/page_record.c "void more(Buf *b) { buf_add(b, \"<\", 1); }"
plant "raw-html: HTML_RAW with a variable" raw-html src/web/page_record.c "void more(Buf *b, const char *s) { HTML_RAW(b, s); }"
plant "raw-html: HTML_RAW with a literal and a variable" raw-html src/web/page_record.c "void more(Buf *b, const char *s) { HTML_RAW(b, \"<p>\" s); }"
plant "raw-html: a page's header counts too" raw-html src/web/frame.h "static inline void more(Buf *b, const char *s) { buf_adds(b, s); }"

plant "html-format: a format that is not a literal" html-format src/web/page_record.c "void more(Buf *b, const char *s) { html_f(b, s); }"
plant "html-format: an unknown conversion" html-format src/web/page_record.c "void more(Buf *b, const char *s) { html_f(b, \"<p>%x</p>\", s); }"
plant "html-format: a raw %s-like conversion (%.5s)" html-format src/web/page_record.c "void more(Buf *b, const char *s) { html_f(b, \"<p>%.5s</p>\", s); }"
plant "html-format: too many arguments" html-format src/web/page_record.c "void more(Buf *b, const char *s) { html_f(b, \"<p>%s</p>\", s, s); }"
at=2 plant "html-format: too few arguments, the format across lines" html-format src/core/util.c "void more(Buf *b, const char *s) {" "    html_f(b, \"<p>%s</p>\"" "              \"<p>%d</p>\", s);" "}"
plant "html-format: an attribute in an argument (its quotes escaped)" html-format src/web/page_record.c "void more(Buf *b, int on) { html_f(b, \"<input%s>\", on ? \" aria-describedby=\\\"x-hint\\\"\" : \"\"); }"
plant "html-format: a tag in an argument" html-format src/web/page_record.c "void more(Buf *b, int on) { html_f(b, \"<p>%s</p>\", on ? \"<b>yes</b>\" : \"no\"); }"

plant "json: JSON written by hand in a service" json src/svc/record.c "void more(Buf *b, const char *s) { buf_addf(b, \"{\\\"name\\\": \\\"%s\\\"}\", s); }"
plant "json: JSON written by hand in a command" json src/cli/cmd_user.c "void more(FILE *o, long n) { fprintf(o, \", \\\"count\\\": %ld\", n); }"
plant "json: a buf_ call in an API file" json src/web/api_record.c "void more(Buf *b) { buf_adds(b, \"{}\"); }"

plant "statement: a page names a statement" statement src/web/page_record.c "int more(void) { return STMT_PAGE_PERSON; }"
plant "statement: the command line names a statement" statement src/cli/cmd_user.c "int more(void) { return STMT_USER_LIST; }"
plant "statement: a format names a statement" statement src/format/json.c "int more(void) { return STMT_X; }"

plant "driver-header: sqlite3.h outside store_sqlite.c" driver-header src/store/store.c "#include <sqlite3.h>"
plant "driver-header: libpq-fe.h outside store_pg.c" driver-header src/svc/record.c "#include <libpq-fe.h>"
plant "driver-header: microhttpd.h outside http.c" driver-header src/web/page_record.c "#include <microhttpd.h>"
plant "driver-header: libical outside ics.c" driver-header src/format/json.c "#include <libical/ical.h>"
plant "driver-header: liboath outside totp.c" driver-header src/svc/record.c "#include <liboath/oath.h>"
plant "driver-header: qrencode.h outside totp.c" driver-header src/web/page_record.c "#include <qrencode.h>"
plant "driver-header: pango outside sheet.c" driver-header src/svc/record.c "#include <pango/pangocairo.h>"
plant "driver-header: cairo outside sheet.c" driver-header src/format/json.c "#include <cairo-pdf.h>"
plant "driver-header: xlsxwriter.h outside table_xlsx.c" driver-header src/web/page_lists.c "#include <xlsxwriter.h>"
plant "driver-header: xlsxwriter/ outside table_xlsx.c" driver-header src/format/table.c "#include <xlsxwriter/workbook.h>"
plant "driver-header: curl outside smtp.c" driver-header src/svc/notify.c "#include <curl/curl.h>"
plant "driver-header: sodium.h outside the services that use it" driver-header src/web/page_record.c "#include <sodium.h>"

plant "include: a project include without its folder" include src/core/util.c '#include "util.h"'
plant "include: core includes the store" include src/core/util.c '#include "store/store.h"'
plant "include: a format includes the store" include src/format/json.c '#include "store/store.h"'
plant "include: the store includes a service" include src/store/store_sqlite.c '#include "svc/svc.h"'
plant "include: a page includes the statements" include src/web/page_record.c '#include "store/statements.h"'
plant "include: a service includes the web" include src/svc/record.c '#include "web/html.h"'
plant "include: the command line includes a web internal" include src/cli/cmd_user.c '#include "web/frame.h"'
plant "include: the demo includes the web" include src/demo/demo.c '#include "web/web.h"'

# The real tree, copied: a violation planted in one of its files is reported
# on top of whatever the tree reports today.
real=$T/real
mkdir -p "$real"
cp -r "$ROOT/src" "$real/src"
checker "$real"
before=$OUT
before_status=$status
if [ "$before_status" = 0 ] || [ "$before_status" = 1 ]; then
    pass "the real tree is checked (exit $before_status)"
else
    fail "the real tree is checked" "exit $before_status" "${ERR:0:400}"
fi
line=$(($(wc -l <"$real/src/core/date.c") + 1))
echo 'static void planted(char *d) { strcpy(d, "x"); }' >>"$real/src/core/date.c"
checker "$real"
added=$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$OUT") | grep '^>' | sed 's/^> //')
if [ "$status" = 1 ] && [ "$added" = "src/core/date.c:$line: banned: strcpy: use strfmt, memcpy or xstrdup" ]; then
    pass "a violation planted in a copy of the real tree is reported, alone"
else
    fail "a violation planted in a copy of the real tree" "exit $status" "added: ${added:0:400}"
fi

run "$CODECHECK" "$T/no/such/file.c"
check "a file that cannot be read: exit 2" 2 "no/such/file.c"

done_testing
