/* TSIDs and CSIDs as the service keeps them (sim_station_id.c). */
#ifndef SIM_STATION_ID_H
#define SIM_STATION_ID_H

#include "sim_internal.h"

/* A malloc'd copy of `src` with the characters outside ASCII 0x20..0x7F
 * removed and the rest cut to 20 characters, as the service stores a
 * station identifier.  Returns 0 (NULL stays NULL), or -1 when out of
 * memory (*out is then NULL). */
int sim_station_id(LPCWSTR src, WCHAR **out);

#endif /* SIM_STATION_ID_H */
