/* embed: turns files into C sources, so the binary carries its default
 * policy, migrations and web assets without reading files at run time.
 *
 *   embed SYMBOL INPUT OUTPUT.c
 *       INPUT as a NUL-terminated byte array SYMBOL and its length
 *       SYMBOL_len (policies, migrations).
 *   embed --name NAME INPUT
 *       prints NAME with INPUT's content hash before its first dot, e.g.
 *       app.css -> app-3f2a9c1e5b7d0a12.css: the file name under which an
 *       asset is served (docs/web.md, "Assets").
 *   embed --assets OUTPUT.c DIR NAME...
 *       the web assets table of src/web/assets.h: for each NAME, the bytes of
 *       DIR/NAME and the URL /assets/ + its hashed name.
 *
 * Bytes are written as numbers, so any file works, text or binary. The hash
 * is 64-bit FNV-1a: it needs only to change when the content does, so that
 * a browser never keeps an old copy under a new build's URL. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole of a file; NULL (with a message) when it cannot be read. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *data = malloc(cap);
    for (size_t got; data && (got = fread(data + n, 1, cap - n, in)) > 0;) {
        n += got;
        if (n == cap) {
            unsigned char *more = realloc(data, cap *= 2);
            if (!more) free(data);
            data = more;
        }
    }
    if (!data || ferror(in)) {
        fprintf(stderr, "embed: cannot read %s\n", path);
        free(data);
        fclose(in);
        return NULL;
    }
    fclose(in);
    *len = n;
    return data;
}

static void write_bytes(FILE *out, const unsigned char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) fprintf(out, "%s%u,", i % 20 == 0 ? "\n" : "", data[i]);
}

/* NAME with the hash of data inserted before its first dot, into out. */
static void hashed_name(char *out, size_t size, const char *name, const unsigned char *data, size_t len)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++) {
        h ^= data[i];
        h *= 1099511628211u;
    }
    const char *dot = strchr(name, '.');
    int stem = dot ? (int)(dot - name) : (int)strlen(name);
    snprintf(out, size, "%.*s-%016llx%s", stem, name, (unsigned long long)h, dot ? dot : "");
}

static int finish(FILE *out, const char *path)
{
    if (fclose(out) != 0) {
        fprintf(stderr, "embed: failed writing %s\n", path);
        remove(path);
        return 1;
    }
    return 0;
}

static int one_file(const char *symbol, const char *input, const char *output)
{
    size_t len;
    unsigned char *data = slurp(input, &len);
    if (!data) return 1;
    FILE *out = fopen(output, "w");
    if (!out) {
        perror(output);
        free(data);
        return 1;
    }
    fprintf(out, "/* generated from %s by tools/embed; do not edit */\n#include <stddef.h>\n", input);
    fprintf(out, "const char %s[] = {", symbol);
    write_bytes(out, data, len);
    fprintf(out, "0};\nconst size_t %s_len = %zu;\n", symbol, len);
    free(data);
    return finish(out, output);
}

static int print_name(const char *name, const char *input)
{
    size_t len;
    unsigned char *data = slurp(input, &len);
    if (!data) return 1;
    char hashed[512];
    hashed_name(hashed, sizeof hashed, name, data, len);
    free(data);
    printf("%s\n", hashed);
    return 0;
}

static int assets_table(const char *output, const char *dir, char **names, int n)
{
    FILE *out = fopen(output, "w");
    if (!out) {
        perror(output);
        return 1;
    }
    fprintf(out, "/* generated from %s by tools/embed; do not edit */\n#include \"web/assets.h\"\n", dir);
    char(*urls)[600] = calloc((size_t)n, sizeof *urls);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    int rc = urls && lens ? 0 : 1;
    for (int i = 0; i < n && rc == 0; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unsigned char *data = slurp(path, &lens[i]);
        if (!data) {
            rc = 1;
            break;
        }
        char hashed[512];
        hashed_name(hashed, sizeof hashed, names[i], data, lens[i]);
        snprintf(urls[i], sizeof urls[i], "/assets/%s", hashed);
        fprintf(out, "\nstatic const unsigned char asset_%d[] = {", i);
        write_bytes(out, data, lens[i]);
        fprintf(out, "0};\n");
        free(data);
    }
    if (rc == 0) {
        fprintf(out, "\nconst AssetFile assets_files[] = {\n");
        for (int i = 0; i < n; i++)
            fprintf(out, "    {\"%s\", \"%s\", asset_%d, %zu},\n", names[i], urls[i], i, lens[i]);
        fprintf(out, "};\nconst size_t assets_nfiles = %d;\n", n);
    }
    free(urls);
    free(lens);
    if (rc != 0) {
        fclose(out);
        remove(output);
        return rc;
    }
    return finish(out, output);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--name") == 0) return print_name(argv[2], argv[3]);
    if (argc >= 5 && strcmp(argv[1], "--assets") == 0) return assets_table(argv[2], argv[3], argv + 4, argc - 4);
    if (argc == 4 && argv[1][0] != '-') return one_file(argv[1], argv[2], argv[3]);
    fprintf(stderr, "usage: embed SYMBOL INPUT OUTPUT.c\n"
                    "       embed --name NAME INPUT\n"
                    "       embed --assets OUTPUT.c DIR NAME...\n");
    return 2;
}
