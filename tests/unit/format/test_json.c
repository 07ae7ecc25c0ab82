/* test_json.c: the JSON writer (json.h): every string escaped, UTF-8 as it
 * is, commas and colons where they belong at any depth, numbers at their
 * limits, and every misuse caught rather than written. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format/json.h"
#include "test.h"

/* The text of one string value s, without the line break that ends it. */
static const char *string_text(Buf *b, const char *s)
{
    JsonWriter w;
    buf_clear(b);
    json_start(&w, b, JSON_SPACED);
    json_string(&w, s);
    CHECK(json_ok(&w));
    if (b->len && b->data[b->len - 1] == '\n') b->data[--b->len] = 0;
    return buf_str(b);
}

static void test_escapes_every_control_character(void)
{
    Buf b = {0};
    for (int c = 1; c < 0x20; c++) {
        char in[2] = {(char)c, 0}, want[16];
        switch (c) {
        case '\n': strfmt(want, sizeof want, "\"\\n\""); break;
        case '\r': strfmt(want, sizeof want, "\"\\r\""); break;
        case '\t': strfmt(want, sizeof want, "\"\\t\""); break;
        case '\b': strfmt(want, sizeof want, "\"\\b\""); break;
        case '\f': strfmt(want, sizeof want, "\"\\f\""); break;
        default: strfmt(want, sizeof want, "\"\\u%04x\"", c);
        }
        CHECK_STR(string_text(&b, in), want);
    }
    /* DEL is not a control character to JSON. */
    CHECK_STR(string_text(&b, "\x7f"), "\"\x7f\"");
    buf_free(&b);
}

static void test_escapes_quote_and_backslash(void)
{
    Buf b = {0};
    CHECK_STR(string_text(&b, "say \"hi\""), "\"say \\\"hi\\\"\"");
    CHECK_STR(string_text(&b, "C:\\dir\\"), "\"C:\\\\dir\\\\\"");
    CHECK_STR(string_text(&b, "\\\""), "\"\\\\\\\"\"");
    /* Markup is not JSON's business: it stays as it is. */
    CHECK_STR(string_text(&b, "</script><b>&amp;"), "\"</script><b>&amp;\"");
    CHECK_STR(string_text(&b, ""), "\"\"");
    CHECK_STR(string_text(&b, NULL), "null");
    buf_free(&b);
}

static void test_utf8_passes_through(void)
{
    Buf b = {0};
    const char *s = "Chlo\xc3\xa9 Tr\xe1\xba\xa7n \xe2\x80\xa8 \xf0\x9f\x98\x80";
    char want[64];
    strfmt(want, sizeof want, "\"%s\"", s);
    CHECK_STR(string_text(&b, s), want);
    buf_free(&b);
}

static void test_keys_are_escaped(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_SPACED);
    json_object_begin(&w);
    json_member_string(&w, "a\"b\n", "v");
    json_object_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b), "{\"a\\\"b\\n\": \"v\"}\n");
    buf_free(&b);
}

static void test_nesting(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_SPACED);
    json_object_begin(&w);
    json_member_string(&w, "name", "x");
    json_key(&w, "list");
    json_array_begin(&w);
    json_int(&w, 1);
    json_object_begin(&w);
    json_member_bool(&w, "yes", true);
    json_member_bool(&w, "no", false);
    json_key(&w, "none");
    json_null(&w);
    json_object_end(&w);
    json_array_begin(&w);
    json_array_end(&w);
    json_object_begin(&w);
    json_object_end(&w);
    json_string(&w, NULL);
    json_array_end(&w);
    json_member_int(&w, "n", 2);
    json_object_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b),
              "{\"name\": \"x\", \"list\": [1, {\"yes\": true, \"no\": false, \"none\": null}, [], {}, null],"
              " \"n\": 2}\n");
    buf_free(&b);
}

static void test_deep_nesting(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_SPACED);
    for (int i = 0; i < JSON_MAX_DEPTH; i++) json_array_begin(&w);
    for (int i = 0; i < JSON_MAX_DEPTH; i++) json_array_end(&w);
    CHECK(json_ok(&w));
    CHECK_INT(b.len, 2 * JSON_MAX_DEPTH + 1);
    buf_clear(&b);
    json_start(&w, &b, JSON_SPACED);
    for (int i = 0; i <= JSON_MAX_DEPTH; i++) json_array_begin(&w);
    for (int i = 0; i <= JSON_MAX_DEPTH; i++) json_array_end(&w);
    CHECK(!json_ok(&w));
    buf_free(&b);
}

static void test_numbers(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_SPACED);
    json_array_begin(&w);
    json_int(&w, 0);
    json_int(&w, -1);
    json_int(&w, 2147483648);
    json_int(&w, INT64_MAX);
    json_int(&w, INT64_MIN);
    json_array_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b), "[0, -1, 2147483648, 9223372036854775807, -9223372036854775808]\n");
    buf_free(&b);
}

static void test_lines_layout(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_LINES);
    json_array_begin(&w);
    for (int i = 0; i < 2; i++) {
        json_object_begin(&w);
        json_member_int(&w, "i", i);
        json_key(&w, "inner");
        json_array_begin(&w);
        json_int(&w, 1);
        json_int(&w, 2);
        json_array_end(&w);
        json_object_end(&w);
    }
    json_array_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b), "[\n {\"i\": 0, \"inner\": [1, 2]},\n {\"i\": 1, \"inner\": [1, 2]}\n]\n");
    buf_clear(&b);
    json_start(&w, &b, JSON_LINES);
    json_array_begin(&w);
    json_array_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b), "[]\n");
    buf_free(&b);
}

/* The writer only appends: a caller may drain the buffer between values. */
static void test_streaming(void)
{
    Buf b = {0}, all = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_LINES);
    json_array_begin(&w);
    for (int i = 0; i < 3; i++) {
        json_int(&w, i);
        buf_add(&all, b.data, b.len);
        buf_clear(&b);
    }
    json_array_end(&w);
    buf_add(&all, b.data, b.len);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&all), "[\n 0,\n 1,\n 2\n]\n");
    buf_free(&b);
    buf_free(&all);
}

/* Each misuse: the writer says so and writes nothing after it. */
typedef void (*Misuse)(JsonWriter *w);
static void m_value_without_key(JsonWriter *w) { json_object_begin(w), json_int(w, 1); }
static void m_key_in_array(JsonWriter *w) { json_array_begin(w), json_key(w, "k"); }
static void m_key_at_top(JsonWriter *w) { json_key(w, "k"); }
static void m_two_keys(JsonWriter *w) { json_object_begin(w), json_key(w, "a"), json_key(w, "b"); }
static void m_key_without_value(JsonWriter *w) { json_object_begin(w), json_key(w, "a"), json_object_end(w); }
static void m_null_key(JsonWriter *w) { json_object_begin(w), json_key(w, NULL); }
static void m_wrong_close(JsonWriter *w) { json_object_begin(w), json_array_end(w); }
static void m_wrong_close_inner(JsonWriter *w)
{
    json_array_begin(w), json_object_begin(w), json_array_end(w), json_array_end(w);
}
static void m_close_nothing(JsonWriter *w) { json_object_end(w); }
static void m_left_open(JsonWriter *w) { json_array_begin(w), json_int(w, 1); }
static void m_two_values(JsonWriter *w) { json_int(w, 1), json_int(w, 2); }
static void m_nothing(JsonWriter *w) { (void)w; }

static void test_misuse_is_caught(void)
{
    static const struct {
        Misuse fn;
        const char *name, *written;
    } cases[] = {
        {m_value_without_key, "a value without its key", "{"},
        {m_key_in_array, "a key in an array", "["},
        {m_key_at_top, "a key at the top", ""},
        {m_two_keys, "two keys in a row", "{\"a\": "},
        {m_key_without_value, "a key without its value", "{\"a\": "},
        {m_null_key, "a NULL key", "{"},
        {m_wrong_close, "an object closed as an array", "{"},
        {m_wrong_close_inner, "an inner object closed as an array", "[{"},
        {m_close_nothing, "a close with nothing open", ""},
        {m_two_values, "two values at the top", "1\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf b = {0};
        JsonWriter w;
        json_start(&w, &b, JSON_SPACED);
        cases[i].fn(&w);
        /* Nothing is written after a misuse, even what would be right. */
        json_string(&w, "after");
        json_object_end(&w);
        json_array_end(&w);
        if (json_ok(&w)) fprintf(stderr, "  not caught: %s\n", cases[i].name);
        CHECK(!json_ok(&w));
        CHECK_STR(buf_str(&b), cases[i].written);
        buf_free(&b);
    }
}

/* Not misuse yet, but not a whole value either. */
static void test_incomplete_is_not_ok(void)
{
    static const Misuse cases[] = {m_left_open, m_nothing};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf b = {0};
        JsonWriter w;
        json_start(&w, &b, JSON_SPACED);
        cases[i](&w);
        CHECK(!json_ok(&w));
        buf_free(&b);
    }
}

/* The canonical form (RFC 8785): the bytes a record's hash is taken of.
 * Expected bytes are what Python's json.dumps(o, sort_keys=True,
 * separators=(",", ":"), ensure_ascii=False) gives for the same object. */
static void test_canonical(void)
{
    Buf b = {0};
    JsonWriter w;
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    json_member_string(&w, "a",
                       "tab\t \b\f\x01 \"q\" \\ / \xe2\x80\xa8 \xd8\xb9\xd9\x84\xd9\x8a \xe6\x9d\x8e \xc5\x81\xc3\xb3"
                       "d\xc5\xba");
    json_member_int(&w, "b", -9007199254740991);
    json_key(&w, "c");
    json_array_begin(&w);
    json_int(&w, 9007199254740991);
    json_bool(&w, false);
    json_object_begin(&w);
    json_object_end(&w);
    json_array_end(&w);
    json_key(&w, "item/wellbeing");
    json_object_begin(&w);
    json_member_string(&w, "k", "item");
    json_object_end(&w);
    json_object_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b),
              "{\"a\":\"tab\\t \\b\\f\\u0001 \\\"q\\\" \\\\ / \xe2\x80\xa8 \xd8\xb9\xd9\x84\xd9\x8a \xe6\x9d\x8e "
              "\xc5\x81\xc3\xb3"
              "d\xc5\xba\",\"b\":-9007199254740991,\"c\":[9007199254740991,false,{}],"
              "\"item/wellbeing\":{\"k\":\"item\"}}");

    /* Keys out of order or repeated, keys it cannot order bytewise, text
     * that is not UTF-8, integers a reader may round, null: refused. */
    static const struct {
        const char *first, *second;
    } keys[] = {{"b", "a"},        {"a", "a"},    {"item", "Item"},
                {"a", "\xc3\xa9"}, {"a", "x\"y"}, {"a", "012345678901234567890123456789012345678901234567"}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        buf_clear(&b);
        json_start(&w, &b, JSON_CANONICAL);
        json_object_begin(&w);
        json_member_int(&w, keys[i].first, 1);
        json_member_int(&w, keys[i].second, 2);
        json_object_end(&w);
        if (!test_check(!json_ok(&w)))
            fprintf(stderr, "  keys %s then %s were written\n", keys[i].first, keys[i].second);
    }
    const char *bad_text[] = {"\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", NULL};
    for (size_t i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++) {
        buf_clear(&b);
        json_start(&w, &b, JSON_CANONICAL);
        json_string(&w, bad_text[i]);
        if (!test_check(!json_ok(&w))) fprintf(stderr, "  bad text %zu was written\n", i);
    }
    int64_t big[] = {9007199254740992, -9007199254740992, INT64_MAX};
    for (size_t i = 0; i < 3; i++) {
        buf_clear(&b);
        json_start(&w, &b, JSON_CANONICAL);
        json_int(&w, big[i]);
        CHECK(!json_ok(&w));
    }
    /* Nested objects keep their own order. */
    buf_clear(&b);
    json_start(&w, &b, JSON_CANONICAL);
    json_object_begin(&w);
    json_key(&w, "m");
    json_object_begin(&w);
    json_member_int(&w, "z", 1);
    json_object_end(&w);
    json_member_int(&w, "n", 2);
    json_object_end(&w);
    CHECK(json_ok(&w));
    CHECK_STR(buf_str(&b), "{\"m\":{\"z\":1},\"n\":2}");
    buf_free(&b);
}

int main(void)
{
    RUN(test_escapes_every_control_character);
    RUN(test_escapes_quote_and_backslash);
    RUN(test_utf8_passes_through);
    RUN(test_keys_are_escaped);
    RUN(test_nesting);
    RUN(test_deep_nesting);
    RUN(test_numbers);
    RUN(test_lines_layout);
    RUN(test_streaming);
    RUN(test_misuse_is_caught);
    RUN(test_incomplete_is_not_ok);
    RUN(test_canonical);
    TEST_DONE();
}
