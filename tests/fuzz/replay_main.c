/* replay_main.c — a main() for replaying a libFuzzer harness's corpus without
 * libFuzzer: each file named on the command line is read whole and given once to
 * LLVMFuzzerTestOneInput, in order. Linked by the Makefile (build/asan/fuzz/replay_<area>)
 * with the harness and the library's ASan+UBSan objects (the same ones the unit tests
 * use), so `make test` replays the corpus without compiling the library a second time
 * with clang. A crash, a sanitizer report or a broken FUZZ_CHECK ends the process with
 * an error, as under libFuzzer; leaks are reported by LeakSanitizer at exit. Before each
 * input its name is written to stderr, so a failing run names the input that broke it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int verbose = getenv("REPLAY_VERBOSE") != NULL;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 4096, n = 0;
        uint8_t *buf = malloc(cap);
        size_t got;
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
            n += got;
            if (n == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (!nb) free(buf);
                buf = nb;
            }
        }
        fclose(f);
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            return 2;
        }
        if (verbose) fprintf(stderr, "replay: %s\n", argv[i]);
        /* an exact-size copy, so ASan sees a read past the input's end */
        uint8_t *in = malloc(n ? n : 1);
        if (!in) return 2;
        for (size_t k = 0; k < n; k++) in[k] = buf[k];
        free(buf);
        LLVMFuzzerTestOneInput(in, n);
        free(in);
    }
    return 0;
}
