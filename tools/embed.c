/* embed: turns a file into a C source defining a NUL-terminated byte array
 * and its length, so the binary carries its default policy, migrations and
 * web assets without reading files at run time.
 * usage: embed SYMBOL INPUT OUTPUT.c */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: embed SYMBOL INPUT OUTPUT.c\n");
        return 2;
    }
    FILE *in = fopen(argv[2], "rb");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    FILE *out = fopen(argv[3], "w");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    fprintf(out, "/* generated from %s by tools/embed; do not edit */\n#include <stddef.h>\n", argv[2]);
    fprintf(out, "const char %s[] = {", argv[1]);
    size_t n = 0;
    int c;
    while ((c = fgetc(in)) != EOF) {
        fprintf(out, "%s%d,", n % 20 == 0 ? "\n" : "", c);
        n++;
    }
    fprintf(out, "0};\nconst size_t %s_len = %zu;\n", argv[1], n);
    int bad = ferror(in) || fclose(out) != 0;
    fclose(in);
    if (bad) {
        fprintf(stderr, "embed: failed writing %s\n", argv[3]);
        remove(argv[3]);
        return 1;
    }
    return 0;
}
