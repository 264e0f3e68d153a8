/* Reading a document the client submits.  The service reads the file when
 * the job is queued and keeps its own copy, as the real service copies it
 * into its queue directory: the client may delete the file afterwards.
 *
 * Which documents: FaxSendDocument takes "any valid local file name" of "a
 * properly registered file type", which Windows renders to a TIFF through
 * the type's print handler (ShellExecuteEx, PrintTo verb)
 * (https://learn.microsoft.com/en-us/windows/win32/api/winfax/nf-winfax-faxsenddocumentw,
 * https://learn.microsoft.com/en-us/previous-versions/windows/desktop/fax/-mfax-about-sending-a-fax).
 * Windows finds the handler by the file name's extension, so does the
 * simulator, whose machine has two registered types:
 * - .tif / .tiff: a TIFF, one fax page per image.  Any well-formed TIFF:
 *   a colour or greyscale image is what the TIFF print handler renders to
 *   the (bilevel) fax printer on Windows, so it is accepted as well, and
 *   kept as submitted (the simulator does not dither it).
 * - .txt: plain text, rendered to pages (sim_text.c).
 * Any other extension, or none, has no print handler here: the service
 * "cannot process the file", ERROR_INVALID_DATA, as the function's page
 * documents for that case.  (ShellExecuteEx itself reports a type without
 * a handler as ERROR_NO_ASSOCIATION; the fax page does not list it.) */
#include "sim_platform.h"
#include "sim_sha256.h"
#include "sim_state.h"
#include "sim_text.h"
#include "sim_tiff.h"

#include <string.h>

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

typedef enum { TYPE_UNREGISTERED, TYPE_TIFF, TYPE_TEXT } document_type;

/* The extension after the last dot of the file name (not of a folder),
 * compared without case as Windows does. */
static document_type type_of(LPCWSTR path)
{
    static const struct { const char *extension; document_type type; } types[] = {
        {"tif", TYPE_TIFF}, {"tiff", TYPE_TIFF}, {"txt", TYPE_TEXT},
    };
    LPCWSTR dot = NULL;

    for (LPCWSTR p = path; *p; p++) {
        if (*p == '.')
            dot = p + 1;
        else if (*p == '\\' || *p == '/')
            dot = NULL;
    }
    if (dot == NULL)
        return TYPE_UNREGISTERED;
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        size_t i = 0;
        const char *e = types[t].extension;
        for (; e[i] != 0 && dot[i] != 0; i++) {
            WCHAR c = dot[i] >= 'A' && dot[i] <= 'Z' ? (WCHAR)(dot[i] + 32) : dot[i];
            if (c != (WCHAR)e[i])
                break;
        }
        if (e[i] == 0 && dot[i] == 0)
            return types[t].type;
    }
    return TYPE_UNREGISTERED;
}

/* The text file's pages replace its bytes: the service queues the TIFF
 * the print handler produced. */
static DWORD render_text(sim_document *doc)
{
    unsigned char *tiff;
    size_t size;
    uint32_t pages;
    int rc = sim_text_render(doc->data, doc->size, &tiff, &size, &pages);

    if (rc == -1)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (rc != 0)
        return ERROR_INVALID_DATA;      /* more than a DWORD Size can state */
    free(doc->data);
    doc->data = tiff;
    doc->size = size;
    return ERROR_SUCCESS;
}

DWORD sim_document_load(LPCWSTR path, sim_document **out)
{
    document_type type = type_of(path);
    sim_tiff_info tiff;
    sim_document *doc;
    DWORD error;

    *out = NULL;
    if (path[0] == 0)
        return ERROR_FILE_NOT_FOUND;
    doc = calloc(1, sizeof *doc);
    if (doc == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    /* A missing file is reported as missing whatever its type. */
    error = read_all(path, &doc->data, &doc->size);
    if (error == ERROR_SUCCESS && type == TYPE_UNREGISTERED)
        error = ERROR_INVALID_DATA;
    if (error == ERROR_SUCCESS && type == TYPE_TEXT)
        error = render_text(doc);
    /* A file the handler cannot read (not a TIFF, or a damaged one) is one
     * the service "cannot process": ERROR_INVALID_DATA, as documented. */
    if (error == ERROR_SUCCESS && sim_tiff_scan(doc->data, doc->size, &tiff) != 0)
        error = ERROR_INVALID_DATA;
    if (error) {
        free(doc->data);
        free(doc);
        return error;
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
        free(atomic_load(&doc->key));
        free(doc->source);
        free(atomic_load(&doc->loaded));
        free(doc);
    }
}

/* The bytes of a restored document from its file: exactly doc->size of
 * them, with the digest it was saved under, or NULL (a file replaced or
 * damaged since is not the document the job was queued with). */
static unsigned char *read_source(const sim_document *doc)
{
    unsigned char *data = NULL;
    size_t size = 0;
    char hex[SIM_SHA256_HEX + 1];
    const char *key = atomic_load(&doc->key);
    int fd, rc;

    if (doc->source == NULL || key == NULL)
        return NULL;
    fd = sim_file_open_read(doc->source);
    if (fd < 0)
        return NULL;
    rc = sim_file_read_all(fd, (uint64_t)doc->size, &data, &size);
    sim_file_close(fd);
    if (rc != 0 || size != doc->size) {
        free(data);
        return NULL;
    }
    sim_sha256_hex(data, size, hex);
    if (strcmp(hex, key) != 0) {
        free(data);
        return NULL;
    }
    return data;
}

const unsigned char *sim_document_bytes(sim_document *doc)
{
    unsigned char *data, *expected = NULL;

    if (doc->data != NULL)
        return doc->data;
    data = atomic_load(&doc->loaded);
    if (data != NULL)
        return data;
    data = read_source(doc);
    if (data == NULL)
        return NULL;
    /* Two threads may read it at once: the first to publish wins, the
     * other frees its copy. */
    if (!atomic_compare_exchange_strong(&doc->loaded, &expected, data)) {
        free(data);
        return expected;
    }
    return data;
}

const char *sim_document_key(sim_document *doc)
{
    const unsigned char *data;
    char *key = atomic_load(&doc->key), *expected = NULL;

    if (key != NULL)
        return key;
    data = sim_document_bytes(doc);
    key = malloc(SIM_SHA256_HEX + 1);
    if (data == NULL || key == NULL) {
        free(key);
        return NULL;
    }
    sim_sha256_hex(data, doc->size, key);
    if (!atomic_compare_exchange_strong(&doc->key, &expected, key)) {
        free(key);
        return expected;
    }
    return key;
}

