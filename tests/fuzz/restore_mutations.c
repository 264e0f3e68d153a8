/* faxsim_restore on damaged input, built with the simulator's sources under
 * AddressSanitizer and UBSan by tests/fuzz/fuzz_restore.py (which also
 * writes the input): the intact buffer restores, then every truncation and
 * 3,000 buffers with 1-4 flipped bits are restored (or refused) and the
 * result snapshotted again; a leak or a bad access stops the run.
 * Usage: restore_mutations RESTORE_BUFFER EXPORT_FILE */
#include "faxsim.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    FILE *f = fopen(argv[1], "rb");
    static unsigned char good[1 << 20], bad[1 << 20];
    size_t n = fread(good, 1, sizeof good, f);
    uint32_t lost[64], count;
    unsigned seed = 12345;
    int rc, ok = 0, rejected = 0;
    fclose(f);
    rc = faxsim_restore(good, n, lost, 64, &count);
    printf("good: rc %d lost %u\n", rc, count);
    /* The documents are read from their files now (lazily). */
    printf("export: %d\n", faxsim_save(argv[2]));
    for (size_t cut = 0; cut < n; cut++) {
        memcpy(bad, good, cut);
        rc = faxsim_restore(bad, cut, lost, 64, &count);
        if (rc < 0) rejected++; else ok++;
    }
    for (int i = 0; i < 3000; i++) {
        memcpy(bad, good, n);
        for (int k = 0; k < 1 + i % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            bad[(seed >> 8) % n] ^= (unsigned char)(1u << ((seed >> 4) % 8));
        }
        rc = faxsim_restore(bad, n, lost, i % 2 ? 64 : 0, &count);
        if (rc < 0) rejected++; else ok++;
        /* Save what was restored, as the store would. */
        faxsim_snapshot *s = faxsim_snapshot_take();
        if (s != NULL) {
            size_t size;
            faxsim_snapshot_bytes(s, &size);
            faxsim_snapshot_free(s);
        }
    }
    printf("restored %d, rejected %d\n", ok, rejected);
    faxsim_reset();
    return 0;
}
