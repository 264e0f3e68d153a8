/* Station identifiers (TSID, CSID) as the service stores them.
 *
 * The T.30 protocol carries at most 20 characters of an identifier, and
 * Microsoft's pages for the Windows 2000 fax API (which drives the very
 * service winfax.h talks to) say what the service does with a longer or
 * wider one: it removes the non-ASCII characters and truncates what is left
 * to 20 characters.  It does not refuse the call.
 * - a port's TSID and CSID (FaxSetPort):
 *   https://learn.microsoft.com/en-us/windows/win32/api/faxcom/nf-faxcom-ifaxport-put_tsid
 *   https://learn.microsoft.com/en-us/windows/win32/api/faxcom/nf-faxcom-ifaxport-get_csid
 * - a job's TSID (FAX_JOB_PARAM.Tsid, FaxSendDocument):
 *   https://learn.microsoft.com/en-us/windows/win32/api/faxcom/nf-faxcom-ifaxdoc-get_tsid
 * FAX_JOB_PARAM and FAX_PORT_INFO themselves say only that "only printable
 * characters ... (ASCII range 0x20 to 0x7F) can be used".  Control
 * characters (below 0x20) are ASCII, so the removal rule does not name
 * them; as they are outside the range that "can be used", we remove them
 * too. */
#include "sim_station_id.h"

#include <stdlib.h>

#define STATION_ID_MAX 20u

int sim_station_id(LPCWSTR src, WCHAR **out)
{
    size_t kept = 0;
    WCHAR *id;

    *out = NULL;
    if (src == NULL)
        return 0;
    id = malloc((STATION_ID_MAX + 1) * sizeof *id);
    if (id == NULL)
        return -1;
    for (; *src != 0 && kept < STATION_ID_MAX; src++)
        if (*src >= 0x20 && *src <= 0x7F)
            id[kept++] = *src;
    id[kept] = 0;
    *out = id;
    return 0;
}
