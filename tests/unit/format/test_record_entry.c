/* test_record_entry.c: the record log's canonical entries and parts
 * (docs/record-format.md). The known answers were computed independently
 * with Python's json.dumps(o, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False) and hashlib (sha256, blake2b keyed, 32 bytes), so a
 * verifier in another language gets the same bytes and hashes. */
#include <sodium.h>

#include "format/record_entry.h"
#include "test.h"

static void hex_of(const uint8_t *h, char out[65]) { sodium_bin2hex(out, 65, h, 32); }

static void test_part_known_answer(void)
{
    uint8_t key[32], salt[32], c[32];
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)i;
    part_salt(key, "item/wellbeing", salt);
    char hex[65];
    hex_of(salt, hex);
    CHECK_STR(hex, "a0ac3b018f5c53a933395e485935c00237742e0db77d1955c98458c22b019c60");
    Buf b = {0};
    CHECK(part_item(&b, "wellbeing",
                    "Tired after the court week; \xc5\x81\xc3\xb3"
                    "d\xc5\xba visit."));
    CHECK_STR(buf_str(&b), "{\"k\":\"item\",\"text\":\"Tired after the court week; \xc5\x81\xc3\xb3"
                           "d\xc5\xba visit.\",\"topic\":\"wellbeing\"}");
    part_commitment(salt, b.data, b.len, c);
    hex_of(c, hex);
    CHECK_STR(hex, "ef5805452e863f3a7a673da03f2d82dd1ec60643650d3a20ce9f766cbc424723");
    /* Another record's key, or another part's id, gives another salt. */
    uint8_t other[32];
    key[0] ^= 1;
    part_salt(key, "item/wellbeing", other);
    CHECK(memcmp(other, salt, 32) != 0);
    key[0] ^= 1;
    part_salt(key, "item/workload", other);
    CHECK(memcmp(other, salt, 32) != 0);
    buf_free(&b);
}

static void test_version_known_answer(void)
{
    EntryPart parts[2] = {{.id = "item/wellbeing"}, {.id = "action/7"}};
    sodium_hex2bin(parts[0].commitment, 32, "ef5805452e863f3a7a673da03f2d82dd1ec60643650d3a20ce9f766cbc424723", 64,
                   NULL, NULL, NULL);
    uint8_t previous[32];
    memset(previous, 0x11, 32);
    Entry e = {.type = ENTRY_VERSION,
               .at = 1764000000,
               .by = "M001",
               .record = 42,
               .version = 2,
               .date = "2026-11-30",
               .supervisor_id = "M001",
               .supervisor_name = "Si\xc3\xa2n Jones",
               .supervisee_id = "S045",
               .supervisee_name = "Zofia \xc5\x81\xc3\xb3"
                                  "d\xc5\xba",
               .previous = previous,
               .parts = parts,
               .nparts = 2};
    Buf b = {0};
    CHECK(entry_write(&e, &b));
    CHECK_STR(buf_str(&b),
              "{\"at\":1764000000,\"by\":\"M001\",\"date\":\"2026-11-30\",\"parts\":{\"action/7\":"
              "\"0000000000000000000000000000000000000000000000000000000000000000\",\"item/wellbeing\":"
              "\"ef5805452e863f3a7a673da03f2d82dd1ec60643650d3a20ce9f766cbc424723\"},\"previous\":"
              "\"1111111111111111111111111111111111111111111111111111111111111111\",\"record\":42,\"supervisee\":{"
              "\"id\":\"S045\",\"name\":\"Zofia \xc5\x81\xc3\xb3"
              "d\xc5\xba\"},\"supervisor\":{\"id\":\"M001\",\"name\":"
              "\"Si\xc3\xa2n Jones\"},\"type\":\"version\",\"v\":1,\"version\":2}");
    uint8_t h[32];
    char hex[65];
    entry_hash(b.data, b.len, h);
    hex_of(h, hex);
    CHECK_STR(hex, "739eb777c717e0cf1f79d52b2ac401d6754fa877cfcb3df8ad792828a1e4ec6a");
    buf_free(&b);
}

/* Every type writes with what it needs, and is refused without it. */
static void test_each_type(void)
{
    uint8_t h[32] = {1};
    EntryPart part = {.id = "disagreement/3"};
    int64_t leaves[] = {4, 9};
    const Entry good[] = {
        {.type = ENTRY_VERSION,
         .at = 1,
         .record = 1,
         .version = 1,
         .date = "2026-01-01",
         .supervisor_id = "M",
         .supervisor_name = "m",
         .supervisee_id = "S",
         .supervisee_name = "s"},
        {.type = ENTRY_SIGNED, .at = 1, .by = "S", .record = 1, .version = 1, .of = h},
        {.type = ENTRY_DISAGREED, .at = 1, .by = "S", .record = 1, .version = 1, .of = h, .parts = &part, .nparts = 1},
        {.type = ENTRY_AMENDED,
         .at = 1,
         .by = "M",
         .record = 1,
         .from = 1,
         .version = 2,
         .of = h,
         .parts = &part,
         .nparts = 1},
        {.type = ENTRY_CONFIDENTIAL, .at = 1, .by = "S", .record = 1, .topic = "wellbeing"},
        {.type = ENTRY_LIFT_PROPOSED, .at = 1, .by = "S", .record = 1, .topic = "wellbeing"},
        {.type = ENTRY_LIFTED, .at = 1, .by = "M", .record = 1, .topic = "wellbeing"},
        {.type = ENTRY_DISCUSSION, .at = 1, .by = "M", .session = 5, .date = "2026-01-01", .session_type = "group"},
        {.type = ENTRY_PURGED,
         .at = 1,
         .record = 1,
         .rule = "retention record 7y after-leaving",
         .leaves = leaves,
         .nleaves = 2},
        {.type = ENTRY_READ_TRAIL, .at = 1, .seq = 10, .chain = h},
        {.type = ENTRY_KEY, .at = 1, .key_name = "k", .key = "k+01234567+AQ==", .replaces = "k+89abcdef+AQ=="},
    };
    Buf b = {0};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        buf_clear(&b);
        if (!test_check(entry_write(&good[i], &b))) fprintf(stderr, "  entry %zu was refused\n", i);
        char want[64];
        strfmt(want, sizeof want, "\"type\":\"%s\"", entry_type_name(good[i].type));
        CHECK_HAS(buf_str(&b), want);
    }
    buf_clear(&b);
    CHECK(entry_write(&good[8], &b));
    CHECK_HAS(buf_str(&b), "\"leaves\":[4,9]");
    /* Each without the field it needs most. */
    Entry bad[] = {good[0], good[1], good[3], good[4], good[7], good[9], good[10], good[0], good[0]};
    bad[0].supervisee_name = NULL;
    bad[1].of = NULL;
    bad[2].from = 2; /* amended from itself */
    bad[3].topic = NULL;
    bad[4].session_type = NULL;
    bad[5].chain = NULL;
    bad[6].key = NULL;
    bad[7].version = 2; /* a second version without the first's hash */
    bad[8].supervisor_name = "\xff";
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_clear(&b);
        if (!test_check(!entry_write(&bad[i], &b) && b.len == 0)) fprintf(stderr, "  bad entry %zu was written\n", i);
    }
    /* Two parts of one id. */
    EntryPart two[2] = {{.id = "item/a"}, {.id = "item/a"}};
    Entry dup = good[2];
    dup.parts = two;
    dup.nparts = 2;
    buf_clear(&b);
    CHECK(!entry_write(&dup, &b));
    buf_free(&b);
}

static void test_note_part(void)
{
    const char *prompts[] = {"risk", "child-voice"}, *answers[] = {"Low now.", "She wants to stay."};
    PartNote n = {.case_id = "C123",
                  .date = "2026-03-04",
                  .writer = "M001",
                  .written_at = 1772600000,
                  .changed = true,
                  .decision = "Stay with grandmother.",
                  .rationale = "Safe, and her wish.",
                  .answer_prompt = prompts,
                  .answer_text = answers,
                  .nanswers = 2};
    Buf b = {0};
    CHECK(part_note(&b, &n));
    CHECK_STR(buf_str(&b),
              "{\"analysis\":\"\",\"answers\":{\"child-voice\":\"She wants to stay.\",\"risk\":\"Low now.\"},"
              "\"case\":\"C123\",\"changed\":true,\"checklist\":\"\",\"date\":\"2026-03-04\",\"decision\":"
              "\"Stay with grandmother.\",\"departs\":false,\"departure\":\"\",\"k\":\"note\",\"prompts\":"
              "\"\",\"rationale\":\"Safe, and her wish.\",\"synopsis\":\"\",\"tasks\":\"\",\"withdrawn\":"
              "\"\",\"writer\":\"M001\",\"written_at\":1772600000}");
    buf_clear(&b);
    CHECK(part_action(&b, "S045", "Book the review", "2026-04-01", NULL));
    CHECK_STR(buf_str(&b), "{\"due\":\"2026-04-01\",\"k\":\"action\",\"owner\":\"S045\",\"text\":\"Book the review\"}");
    buf_clear(&b);
    CHECK(part_follow_up(&b, 77, "done", "Booked"));
    CHECK_STR(buf_str(&b), "{\"action\":77,\"k\":\"follow-up\",\"note\":\"Booked\",\"status\":\"done\"}");
    buf_clear(&b);
    CHECK(!part_disagreement(&b, "\xc3"));
    CHECK_INT(b.len, 0);
    buf_free(&b);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    RUN(test_part_known_answer);
    RUN(test_version_known_answer);
    RUN(test_each_type);
    RUN(test_note_part);
    TEST_DONE();
}
