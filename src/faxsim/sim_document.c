/* Reading a document the client submits.  The service reads the file when
 * the job is queued and keeps its own copy, as the real service copies it
 * into its queue directory: the client may delete the file afterwards. */
#define _POSIX_C_SOURCE 200809L

#include "sim_state.h"
#include "sim_strings.h"
#include "sim_tiff.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* How open(2)/read(2) failures read in Win32 terms, for FaxSendDocument:
 * a missing file is documented as ERROR_FILE_NOT_FOUND; a file the
 * service may not read is ERROR_ACCESS_DENIED, as any Win32 open reports
 * it; anything else means the server "cannot process the file". */
static DWORD from_errno(int e)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
    case EISDIR:
        return ERROR_FILE_NOT_FOUND;
    case EACCES:
    case EPERM:
        return ERROR_ACCESS_DENIED;
    case ENOMEM:
        return ERROR_NOT_ENOUGH_MEMORY;
    default:
        return ERROR_INVALID_DATA;
    }
}

static DWORD read_all(const char *path, unsigned char **data, size_t *size)
{
    struct stat st;
    unsigned char *buf;
    size_t got = 0;
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return from_errno(errno);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return ERROR_FILE_NOT_FOUND;    /* a directory is not a document */
    }
    /* FAX_JOB_ENTRY.Size is a DWORD: "the size must not exceed 4 GB". */
    if ((uint64_t)st.st_size > 0xFFFFFFFFu) {
        close(fd);
        return ERROR_INVALID_DATA;
    }
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (buf == NULL) {
        close(fd);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            DWORD e = n < 0 ? from_errno(errno) : ERROR_INVALID_DATA;
            free(buf);
            close(fd);
            return e;
        }
        got += (size_t)n;
    }
    close(fd);
    *data = buf;
    *size = got;
    return ERROR_SUCCESS;
}

DWORD sim_document_load(LPCWSTR path, sim_document **out)
{
    sim_tiff_info tiff;
    sim_document *doc;
    char *name;
    DWORD error;

    *out = NULL;
    if (path[0] == 0)
        return ERROR_FILE_NOT_FOUND;
    name = sim_wto_utf8(path);
    if (name == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    doc = calloc(1, sizeof *doc);
    if (doc == NULL) {
        free(name);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    error = read_all(name, &doc->data, &doc->size);
    free(name);
    if (error) {
        free(doc);
        return error;
    }
    /* The service sends TIFF; a file that is not one (or is damaged) is
     * one it "cannot process": ERROR_INVALID_DATA, as documented. */
    if (sim_tiff_scan(doc->data, doc->size, &tiff) != 0) {
        free(doc->data);
        free(doc);
        return ERROR_INVALID_DATA;
    }
    doc->pages = tiff.pages;
    doc->width = tiff.width;
    doc->height = tiff.height;
    doc->refs = 1;
    *out = doc;
    return ERROR_SUCCESS;
}

void sim_document_release(sim_document *doc)
{
    if (doc != NULL && atomic_fetch_sub(&doc->refs, 1) == 1) {
        free(doc->data);
        free(doc);
    }
}

int sim_file_exists(LPCWSTR path)
{
    struct stat st;
    char *name = sim_wto_utf8(path);
    int found;

    if (name == NULL)
        return -1;
    found = name[0] != 0 && stat(name, &st) == 0 && S_ISREG(st.st_mode);
    free(name);
    return found;
}
