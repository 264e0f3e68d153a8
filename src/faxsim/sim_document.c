/* Reading a document the client submits.  The service reads the file when
 * the job is queued and keeps its own copy, as the real service copies it
 * into its queue directory: the client may delete the file afterwards. */
#include "sim_platform.h"
#include "sim_state.h"
#include "sim_tiff.h"

#include <errno.h>
#include <stdlib.h>

/* How file failures read in Win32 terms, for FaxSendDocument: a missing
 * file is documented as ERROR_FILE_NOT_FOUND; a file the service may not
 * read is ERROR_ACCESS_DENIED, as any Win32 open reports it; anything else
 * means the server "cannot process the file". */
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

static DWORD read_all(LPCWSTR path, unsigned char **data, size_t *size)
{
    int fd = sim_file_open_read_w(path), rc, e;

    if (fd < 0)
        return from_errno(errno);
    /* FAX_JOB_ENTRY.Size is a DWORD: "the size must not exceed 4 GB"
     * (a larger file reads as EFBIG, which is ERROR_INVALID_DATA). */
    rc = sim_file_read_all(fd, 0xFFFFFFFFu, data, size);
    e = errno;
    sim_file_close(fd);
    if (rc == SIM_FILE_NOT_REGULAR)
        return ERROR_FILE_NOT_FOUND;    /* a directory is not a document */
    if (rc != 0)
        return from_errno(e);
    return ERROR_SUCCESS;
}

DWORD sim_document_load(LPCWSTR path, sim_document **out)
{
    sim_tiff_info tiff;
    sim_document *doc;
    DWORD error;

    *out = NULL;
    if (path[0] == 0)
        return ERROR_FILE_NOT_FOUND;
    doc = calloc(1, sizeof *doc);
    if (doc == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    error = read_all(path, &doc->data, &doc->size);
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

