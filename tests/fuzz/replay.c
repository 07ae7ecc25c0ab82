/* replay.c: a main for a fuzz driver without libFuzzer. Feeds the driver the
 * empty input and then every file of each folder given (in name order), each
 * in a buffer of exactly its size, and prints one TAP line per input. A
 * driver's broken promise aborts, which tests/run.sh counts as a failure; a
 * folder without files is a failure too, so a lost corpus cannot pass. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int run;

/* Reads path whole into a buffer of exactly its size; NULL on failure. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *data = NULL;
    size_t n = 0;
    long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (len >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc(len ? (size_t)len : 1);
        n = data ? fread(data, 1, (size_t)len, f) : 0;
        if (data && n != (size_t)len) {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    *size = n;
    return data;
}

static int replay_folder(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort), seeds = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (names[i]->d_name[0] != '.') {
            size_t size;
            uint8_t *data = read_file(path, &size);
            seeds++;
            if (data) {
                LLVMFuzzerTestOneInput(data, size);
                printf("ok %d - %s\n", ++run, path);
            } else {
                printf("not ok %d - %s: cannot read it\n", ++run, path);
                failed++;
            }
            fflush(stdout);
            free(data);
        }
        free(names[i]);
    }
    if (n >= 0) free(names);
    if (seeds == 0) {
        printf("not ok %d - %s: no seeds\n", ++run, dir);
        failed++;
    }
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0;
    uint8_t none = 0;
    LLVMFuzzerTestOneInput(&none, 0);
    printf("ok %d - the empty input\n", ++run);
    if (argc < 2) {
        printf("not ok %d - no corpus folder given (usage: %s FOLDER...)\n", ++run, argv[0]);
        failed++;
    }
    for (int i = 1; i < argc; i++) failed += replay_folder(argv[i]);
    printf("1..%d\n", run);
    return failed ? 1 : 0;
}
