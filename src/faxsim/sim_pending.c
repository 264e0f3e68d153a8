/* Placeholders for areas not simulated yet; removed as each one lands. */
#include "sim_state.h"

void sim_jobs_reset(void) {}
void sim_jobs_device_removed(DWORD device_id) { (void)device_id; }
sim_job *sim_job_find(DWORD job_id) { (void)job_id; return NULL; }
void sim_print_reset(void) {}
void sim_routing_reset(void) {}
void sim_routing_device_removed(DWORD device_id) { (void)device_id; }
void sim_registry_reset(void) {}
void sim_registry_activate(void) {}
